package input

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func TestScanObject(t *testing.T) {
	tests := []struct {
		in string
		ok bool
	}{
		{`{}`, true},
		{` {"id":1,"text":"a b"} `, true},
		{`{"id":-0.5e+3,"x":[1,{"y":null}],"t":true,"f":false,"s":"\u00e9\n\"q\""}`, true},
		{`{"id":1,}`, false},
		{`{"id":01}`, false},
		{`{"id":1.}`, false},
		{`{"id":"a\x"}`, false},
		{"{\"id\":\"tab\there\"}", false},
		{`{"k\u0065y":1}`, false}, // valid, but escaped keys take the slow path
		{`[1,2]`, false},
		{`{"a":1} x`, false},
		{`{"a":tru}`, false},
		{`{"a":1`, false},
	}
	for _, tt := range tests {
		_, ok := scanObject([]byte(tt.in), nil)
		if ok != tt.ok {
			t.Errorf("scanObject(%s) ok = %v, want %v", tt.in, ok, tt.ok)
		}
	}
	f, _ := scanObject([]byte(`{"id":1,"id":2}`), nil)
	if string(get(f, "id")) != "2" {
		t.Errorf("duplicate key: got %s, want the last value 2", get(f, "id"))
	}
}

// TestSpecial8 checks the eight-byte test of str against a byte at a time: every byte value at
// every position, among plain bytes and among other special ones.
func TestSpecial8(t *testing.T) {
	isSpecial := func(c byte) bool { return c == '"' || c == '\\' || c < 0x20 }
	for _, fill := range []byte{'a', 0x7f, 0xc3, 0xff, ' '} {
		for c := range 256 {
			for pos := range 8 {
				var x [8]byte
				for i := range x {
					x[i] = fill
				}
				x[pos] = byte(c)
				want := isSpecial(byte(c))
				if got := special8(binary.LittleEndian.Uint64(x[:])); got != want {
					t.Fatalf("byte %#x at %d among %#x: special8 = %v, want %v", c, pos, fill, got, want)
				}
			}
		}
	}
}

// FuzzScanObject: scanObject never accepts what encoding/json rejects, and the values it returns
// are those encoding/json decodes.
func FuzzScanObject(f *testing.F) {
	for _, s := range []string{`{"id":1,"text":"x"}`, `{"a":[{"b":"\u00e9"}],"c":-1.5e3}`, `{"a":"\"\\"}`, `{}`, `{"a":1,"a":"b"}`,
		`{"text":"a long plain run of text, then a quote \" and on"}`, `{"text":"seventeen bytes.\u0001"}`, "{\"text\":\"tab\tinside a long string\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if !utf8.Valid(data) { // Parse repairs UTF-8 before it scans
			return
		}
		fields, ok := scanObject(data, nil)
		if !ok {
			return
		}
		var m map[string]json.RawMessage
		if err := json.Unmarshal(data, &m); err != nil {
			t.Fatalf("scanObject accepted %q, encoding/json says %v", data, err)
		}
		for _, fl := range fields {
			want := m[string(fl.key)]
			got := get(fields, string(fl.key))
			if !bytes.Equal(bytes.TrimSpace(got), bytes.TrimSpace(want)) {
				t.Fatalf("%q: member %q = %q, encoding/json %q", data, fl.key, got, want)
			}
		}
		if len(m) > len(fields) {
			t.Fatalf("%q: %d members, encoding/json %d", data, len(fields), len(m))
		}
	})
}
