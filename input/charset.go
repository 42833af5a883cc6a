package input

// Pages in a legacy character set. A page that is not valid UTF-8 and declares its encoding
// (windows-1252, iso-8859-1, koi8-r, shift_jis...) is decoded from it to UTF-8 before anything
// else reads it, rather than repaired as broken UTF-8 (each accented letter a U+FFFD). The
// declaration is looked for as a browser looks for it (golang.org/x/net/html/charset, after
// the WHATWG Encoding standard): a UTF-8 byte order mark, the charset of the HTTP Content-Type
// (a WARC response's), then a <meta charset> or <meta http-equiv="Content-Type"> in the page's
// first 1024 bytes; labels are those of the standard, so iso-8859-1 and latin1 are read as
// windows-1252, as browsers read them. A UTF-16 byte order mark is not looked for: a UTF-16
// page has NUL bytes and is binary before it gets here.
//
// A page that is valid UTF-8 is read as UTF-8 whatever it declares: a page saved or served in
// UTF-8 under a template's old <meta charset=iso-8859-1> is common, while text in a legacy
// encoding that happens to be valid UTF-8 is not (every non-ASCII letter would have to be
// followed by just the right continuation bytes: "Ã©"). A page that declares nothing, or UTF-8,
// or an encoding not known, or one that would not keep an ASCII page's text (UTF-16,
// x-user-defined: see keepsText), is repaired as before.
//
// The decoded text is the document's text: byte offsets index it (UTF-8), not the file.

import (
	"bytes"
	"fmt"
	"io"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// declaredEncoding returns the encoding a page declares, by UTF-8 byte order mark, contentType (an
// HTTP Content-Type, "" for none) or <meta> in its first 1024 bytes, and its name; nil for a
// page that declares UTF-8 (or UTF-16 in a <meta>, which the standard reads as UTF-8), nothing,
// an unknown label, or an encoding that would not keep its text (see keepsText).
func declaredEncoding(page []byte, contentType string) (encoding.Encoding, string) {
	// DetermineEncoding guesses (windows-1252) for a start that declares nothing and is not
	// UTF-8 with a non-ASCII letter in it. Made valid UTF-8 (the markup that declares is ASCII),
	// with one such letter after it, a start that declares nothing comes back as UTF-8, and a
	// declaration is told from a guess. It reads 1024 bytes: the page's first 1021 and the
	// letter ("é ": a last rune is taken for a partial one).
	probe := append(bytes.ToValidUTF8(page[:min(len(page), 1021)], nil), "é "...)
	e, name, _ := charset.DetermineEncoding(probe, contentType)
	if e == nil || e == encoding.Nop || name == "utf-8" || name == "" || !keepsText(name) {
		return nil, ""
	}
	return e, name
}

// keepsText reports whether the encoding the standard names name decodes every ASCII byte
// that is not part of a multi-byte letter to itself and other bytes to letters, so that a
// page that is ASCII but for a stray byte keeps its text. Those that do not are refused, and
// the page is repaired as UTF-8 (one U+FFFD, with a warning) instead:
//   - utf-16le and utf-16be (a Content-Type can declare them) read bytes in pairs: an ASCII
//     page with one stray byte would come out as CJK letters. A real UTF-16 page never gets
//     here: its NUL bytes make it binary first.
//   - x-user-defined keeps ASCII but turns every other byte into a private-use letter
//     (U+F780-U+F7FF): no text, and no warning.
//   - replacement (iso-2022-kr, hz-gb-2312...) decodes a whole page to one U+FFFD, against
//     attacks on browsers: here it would only lose the text.
func keepsText(name string) bool {
	switch name {
	case "utf-16le", "utf-16be", "x-user-defined", "replacement":
		return false
	}
	return true
}

// decodeDeclared returns page decoded to UTF-8 from the encoding it declares (see
// declaredEncoding) and that encoding's name, or page itself and "" when it is valid UTF-8 or
// declares no other encoding.
func decodeDeclared(page []byte, contentType string) ([]byte, string) {
	if utf8.Valid(page) {
		return page, ""
	}
	e, name := declaredEncoding(page, contentType)
	if e == nil {
		return page, ""
	}
	out, err := e.NewDecoder().Bytes(page)
	if err != nil { // x/text's decoders replace what they cannot decode; cheap insurance
		return page, ""
	}
	return out, name
}

// feedCharsetReader is a feed's xml.Decoder.CharsetReader, for the encoding label its XML
// declaration names (<?xml ... encoding="ISO-8859-1"?>), read with the labels of the standard
// as a page's charset is. It keeps the rule of pages: text that is valid UTF-8 stays UTF-8
// whatever the feed declares (a feed made in UTF-8 under an old template's declaration is
// common), and UTF-16, x-user-defined and replacement are not decoded from (keepsText; a real
// UTF-16 feed never gets here: encoding/xml cannot read its declaration). A feed is read as a
// stream, so it is not known whole before its first item: the feed's text is passed on as it
// is while it is valid UTF-8, and decoded from the declared encoding from the first byte that
// is not (utf8First). A feed in a legacy encoding is mostly ASCII before its first letter that
// is not, which reads alike either way; a UTF-8 feed with one stray byte has the rest after it
// decoded, as a page with one has all of it.
func feedCharsetReader(label string, input io.Reader) (io.Reader, error) {
	e, name := charset.Lookup(label)
	switch {
	case e == nil:
		return nil, fmt.Errorf("unsupported charset: %q", label)
	case name == "utf-8" || !keepsText(name):
		return transform.NewReader(input, unicode.UTF8.NewDecoder()), nil // repairs invalid UTF-8
	}
	return transform.NewReader(input, &utf8First{legacy: e.NewDecoder()}), nil
}

// utf8First is a transform.Transformer that passes its input on as it is while it is valid
// UTF-8 and, from the first byte that is not, decodes the rest with legacy.
type utf8First struct {
	legacy  transform.Transformer
	invalid bool // a byte that is not UTF-8 was seen: legacy decodes from there on
}

// Reset implements transform.Transformer.
func (t *utf8First) Reset() {
	t.invalid = false
	t.legacy.Reset()
}

// Transform implements transform.Transformer.
func (t *utf8First) Transform(dst, src []byte, atEOF bool) (nDst, nSrc int, err error) {
	if !t.invalid {
		n := 0
		for n < len(src) {
			size := 1
			if src[n] >= utf8.RuneSelf {
				if !atEOF && !utf8.FullRune(src[n:]) {
					err = transform.ErrShortSrc // the rest of the rune is in the next src
					break
				}
				var r rune
				if r, size = utf8.DecodeRune(src[n:]); r == utf8.RuneError && size == 1 {
					t.invalid = true
					break
				}
			}
			if n+size > len(dst) {
				err = transform.ErrShortDst
				break
			}
			n += size
		}
		copy(dst, src[:n])
		if !t.invalid {
			return n, n, err
		}
		nDst, nSrc = n, n
	}
	nd, ns, err := t.legacy.Transform(dst[nDst:], src[nSrc:], atEOF)
	return nDst + nd, nSrc + ns, err
}
