package pipeline

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// binarySample is how much of the start of a file says whether it is text: as git and grep,
// the first 8 KiB.
const binarySample = 8 << 10

// binaryStart says whether the start of a file's bytes shows it is not UTF-8 text: a UTF-16
// byte order mark, or a NUL byte in the first binarySample bytes (an executable, an image, a
// PDF; UTF-16 text without a byte order mark). It returns the reason to give.
func binaryStart(data []byte) (string, bool) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return "UTF-16 text: convert it to UTF-8 to read it", true
	}
	if bytes.IndexByte(data[:min(len(data), binarySample)], 0) >= 0 {
		return "binary file (NUL bytes); not read", true
	}
	return "", false
}

// mostlyInvalid says whether invalid bytes out of n bytes make a file binary rather than text
// with a few bad bytes: more than half. A text in Latin-1 has a few per cent (accented letters),
// and is read with them repaired; one in KOI8-R or ISO 8859-7 has most, and is no UTF-8 at all.
func mostlyInvalid(invalid, n int) bool { return invalid > 0 && 2*invalid > n }

// binaryJSONL says, from the first binarySample bytes of a JSON Lines stream (after gunzip),
// whether it is no JSON Lines at all but a binary file named .jsonl: it does not start with a
// JSON object, and it starts as a binary file does. A file that starts with '{' is read line by
// line even with bad bytes in it: one bad line must not lose the good ones.
func binaryJSONL(sample []byte) (string, bool) {
	if bytes.HasPrefix(sample, []byte{0xff, 0xfe}) || bytes.HasPrefix(sample, []byte{0xfe, 0xff}) {
		return binaryStart(sample)
	}
	rest := bytes.TrimLeft(bytes.TrimPrefix(sample, utf8BOM), " \t\r\n")
	if len(rest) == 0 || rest[0] == '{' {
		return "", false
	}
	if reason, ok := binaryStart(sample); ok {
		return reason, true
	}
	if n := invalidBytes(sample); mostlyInvalid(n, len(sample)) {
		return fmt.Sprintf("binary file: %d of its first %d bytes are not UTF-8; not read", n, len(sample)), true
	}
	return "", false
}

// invalidBytes counts the bytes of b that are not part of a valid UTF-8 sequence. A sequence cut
// at the end of b counts: a sample may end in the middle of one.
func invalidBytes(b []byte) int {
	if utf8.Valid(b) {
		return 0
	}
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			n++
		}
		i += size
	}
	return n
}
