package input

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUnquote(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{`""`, "", true},
		{`"plain"`, "plain", true},
		{`"a\nb"`, "a\nb", true},
		{`"\"\\\/\b\f\n\r\t"`, "\"\\/\b\f\n\r\t", true},
		{`"\u00e9t\u00C9"`, "étÉ", true},
		{`"\u0000"`, "\x00", true},
		{`"\u2028\u003c"`, "\u2028<", true},
		{`"é\n€"`, "é\n€", true},
		{`"\ud83d\ude00"`, "😀", true},            // a surrogate pair
		{`"x\uD83D\uDE00y"`, "x😀y", true},        // upper-case hex
		{`"\ud800"`, "\uFFFD", true},             // lone high surrogate at the end
		{`"\ud800x"`, "\uFFFDx", true},           // lone high surrogate before text
		{`"\ud800\n"`, "\uFFFD\n", true},         // before another escape
		{`"\ud800\u0041"`, "\uFFFDA", true},      // high surrogate, then not a surrogate
		{`"\ud800\ud800"`, "\uFFFD\uFFFD", true}, // two high surrogates
		{`"\ud800\ud800\udc00"`, "\uFFFD\U00010000", true},
		{`"\udc00"`, "\uFFFD", true},             // lone low surrogate
		{`"\udc00\ud800"`, "\uFFFD\uFFFD", true}, // reversed pair
		{`"\udfff\udbff\udfff"`, "\uFFFD\U0010FFFF", true},
		{`"\ud7ff\ue000"`, "\ud7ff\ue000", true}, // either side of the surrogates
		{`"a\\"`, `a\`, true},
		{`5`, "", false},
		{`null`, "", false},
		{`"`, "", false},
		{`"\"`, "", false},
		{`"abc`, "", false},
		{`"\x"`, "", false},
		{`"\'"`, "", false},
		{`"\u12"`, "", false},
		{`"\u12g4"`, "", false},
		{`"\ud800\u12"`, "", false},
		{`"\`, "", false},
	}
	for _, tt := range tests {
		got, ok := unquote(json.RawMessage(tt.in))
		if got != tt.want || ok != tt.ok {
			t.Errorf("unquote(%s) = %q, %v, want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzUnquote: unquote decodes every JSON string exactly as encoding/json does, both the strings
// json.Marshal writes and any valid, UTF-8 literal (lone surrogates, upper-case hex, "\/"), and it
// never panics on anything else.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{"", "a\nb", `\"\\\/\b\f\n\r\t`, `\u00e9\uD83D\ude00`, `\ud800\u0041`, `\udc00\ud800\udc00`,
		`\ud800`, `\ud800\`, "é<>&\u2028\x00\x1f"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		check := func(raw []byte) {
			var want string
			if err := json.Unmarshal(raw, &want); err != nil {
				t.Fatalf("json.Unmarshal(%q): %v", raw, err)
			}
			got, ok := unquote(raw)
			if !ok || got != want {
				t.Fatalf("unquote(%q) = %q, %v, want %q, true", raw, got, ok, want)
			}
		}
		enc, err := json.Marshal(string(data))
		if err != nil {
			t.Fatal(err)
		}
		check(enc)

		raw := append(append([]byte{'"'}, data...), '"')
		if json.Valid(raw) && utf8.Valid(raw) { // Parse repairs UTF-8 before it decodes
			check(raw)
		} else {
			unquote(raw) // must not panic
		}
		unquote(data)
	})
}

func BenchmarkUnquote(b *testing.B) {
	para := strings.Repeat(`The minister said on Tuesday that the "review" would be published — in full — before the summer. `, 5)
	text := strings.Repeat(para+"\n\n", 6) // about 3 KB, escapes every 500 bytes
	raw, err := json.Marshal(text)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(raw)))
	b.ReportAllocs()
	for b.Loop() {
		if s, ok := unquote(raw); !ok || len(s) != len(text) {
			b.Fatalf("unquote = %d bytes, %v", len(s), ok)
		}
	}
}
