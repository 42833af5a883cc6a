package input

import (
	"bytes"
	"fmt"
)

// binarySample is how much of the start of a file says whether it is text: as git and grep,
// the first 8 KiB.
const binarySample = 8 << 10

// notUTF8Reason is the reason given for a text in another encoding than UTF-8.
const notUTF8Reason = "not UTF-8 (a legacy encoding? convert it with iconv)"

// binaryStart says whether the start of a file's bytes shows it is no UTF-8 text, and of which
// kind it is then, with the reason to give:
//   - a UTF-16 byte order mark: text, in UTF-16 (RecordNotUTF8);
//   - a NUL byte in the first binarySample bytes: an executable, an image, a PDF, UTF-16 without
//     a byte order mark (RecordBinary);
//   - C0 control bytes other than tab, LF, FF and CR making up more than 1 in 32 of the first
//     binarySample bytes (RecordBinary): text has next to none in any encoding (KOI8-R, GBK and
//     windows-1251 put their letters above 0x7f), while random or compressed bytes have 27 in
//     256, one in ten.
func binaryStart(data []byte) (RecordKind, string, bool) {
	if bytes.HasPrefix(data, []byte{0xff, 0xfe}) || bytes.HasPrefix(data, []byte{0xfe, 0xff}) {
		return RecordNotUTF8, "UTF-16 text: convert it to UTF-8 to read it", true
	}
	sample := data[:min(len(data), binarySample)]
	if bytes.IndexByte(sample, 0) >= 0 {
		return RecordBinary, "binary file (NUL bytes); not read", true
	}
	if n := controlBytes(sample); 32*n > len(sample) {
		return RecordBinary, fmt.Sprintf("binary file (%d control bytes in its first %d); not read", n, len(sample)), true
	}
	return "", "", false
}

// controlBytes counts the C0 control bytes of b that text does not hold: all but tab, LF, FF
// and CR.
func controlBytes(b []byte) int {
	n := 0
	for _, c := range b {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\f' && c != '\r' {
			n++
		}
	}
	return n
}

// mostlyInvalid says whether invalid bytes out of n bytes make a file text in another encoding
// than UTF-8, rather than UTF-8 with a few bad bytes: more than half. A text in Latin-1 or
// windows-1252 has a few per cent (accented letters, curly quotes), and is read with them
// repaired; one in KOI8-R, windows-1251 or GBK has most (every letter), and is no UTF-8 at all.
func mostlyInvalid(invalid, n int) bool { return invalid > 0 && 2*invalid > n }

// binaryJSONL says, from the first binarySample bytes of a JSON Lines stream (after gunzip),
// whether it is no JSON Lines at all but a binary file, or a text in another encoding, named
// .jsonl: it does not start with a JSON object, and it starts as such a file does. A file that
// starts with '{' is read line by line even with bad bytes in it: one bad line must not lose the
// good ones.
func binaryJSONL(sample []byte) (RecordKind, string, bool) {
	if bytes.HasPrefix(sample, []byte{0xff, 0xfe}) || bytes.HasPrefix(sample, []byte{0xfe, 0xff}) {
		return binaryStart(sample)
	}
	rest := bytes.TrimLeft(bytes.TrimPrefix(sample, utf8BOM), " \t\r\n")
	if len(rest) == 0 || rest[0] == '{' {
		return "", "", false
	}
	if kind, reason, ok := binaryStart(sample); ok {
		return kind, reason, true
	}
	// counted as parseFile counts them; a sequence cut at the end of the sample counts too
	if _, n := repairUTF8(sample); mostlyInvalid(n, len(sample)) {
		return RecordNotUTF8, notUTF8Reason, true
	}
	return "", "", false
}
