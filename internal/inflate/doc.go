// Package inflate decompresses gzip (RFC 1952) and raw DEFLATE (RFC 1951) streams, about twice
// as fast as github.com/klauspost/compress/gzip on our JSON Lines corpora, in pure Go.
//
// # Why
//
// A single-member gzip file can only be inflated serially, so on a large corpus the reader is
// bound by one core's inflate speed. The decoder follows the design that gives libdeflate its
// speed, adapted to a streaming reader.
//
// # Bit buffer
//
// Bits are held LSB-first in a 64-bit buffer. While at least inMargin input bytes are buffered,
// a refill is branch-free: load 8 little-endian bytes, shift them in above the bits held, advance
// the input by the number of whole bytes that fitted and set the count to at least 56. Bits above
// the count may then hold the next byte's low bits; reloading that byte ORs in the same bits, so
// they are harmless. Near the end of the input (after the source reported EOF) a careful loop
// refills a byte at a time and never reads past the data; a symbol whose bits are not all there is
// a truncated stream. "Normalising" hands the whole unused bytes of the bit buffer back to the
// input, so the input buffer can be compacted and the gzip trailer read byte-aligned.
//
// # Tables
//
// One lookup decodes a literal/length symbol and says how many bits to drop, extra bits
// included. An entry (uint32) packs:
//
//	bits 0-7    bits to consume: codeword length + extra bits (root bits for a subtable pointer)
//	bits 8-11   codeword length, so the extra bits are bits [length, consume) of the saved buffer
//	            (for a subtable pointer: the subtable's index bits)
//	bit 12      subtable pointer
//	bit 13      end of block
//	bit 14      invalid code (incomplete code, or symbols 286-287 / distances 30-31)
//	bit 15      exceptional: any of bits 12-14
//	bits 16-30  literal byte, length base, distance base or subtable offset
//	bit 31      literal (so int32(entry) < 0 tests for it)
//
// The literal/length table has an 11-bit root (2,048 entries) and subtables for longer codes
// (at most 2,342 entries in all); the distance table an 8-bit root (at most 402 entries). Both are
// fixed-size arrays indexed with masks, so the compiler drops the bounds checks.
//
// # Fast loop
//
// While the output has room for a maximal match (258 bytes; the buffer has 16 bytes of slack
// after it) and the input holds inMargin bytes, the fast loop refills once and decodes up to
// three literals with it, or up to two literals and a length, then refills again for the
// distance (a length and distance need at most 48 bits). Each table entry is consumed before its
// kind is tested, and the next literal/length entry is looked up as soon as its 11 bits are
// known to be in the buffer (after a literal run, or right after the distance, before the match
// copy), so the load overlaps the work before it; this lookup-ahead gained 5-7% on our corpora.
// Within the fast loop, input and output are addressed with unsafe.Add from their base pointers:
// the margins keep every 8-byte load and 16-byte move in bounds, and dropping the bounds checks
// (and the registers their lengths held) gained 16-20%. A match is copied 16 bytes at
// a time when its distance is at least 16, 8 at a time when at least 8 (the source stays a whole
// move behind the destination, so overlapping matches come out right); distance 1 is a byte
// fill; distances 2-7 are copied bytewise. Otherwise a careful loop decodes one symbol at a time,
// with bounds-checked slices. The output is a window of 32 KiB of history followed by outSize
// bytes of fresh output; when the caller has read all of it, the last 32 KiB slide to the front.
//
// # Agreement with compress/flate
//
// Validity rules are those of compress/flate (and zlib): a Huffman code must be complete, except
// that an empty code, or one with a single 1-bit codeword, is accepted and fails only if an unused
// codeword is read; HLIT > 286 and HDIST > 30 are rejected. Like compress/flate, when the input
// ends, the last literal is only emitted if at least as many bits as the end-of-block codeword
// remain, so a truncated stream yields the same prefix as compress/flate does. FuzzInflate checks
// this agreement, output and error alike.
package inflate
