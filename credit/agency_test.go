package credit

import (
	"strings"
	"testing"
)

// mentionsAgencyRef is mentionsAgency as it was first written, a strings.Contains for each
// name: the table must answer as it does.
func mentionsAgencyRef(s string) bool {
	low := strings.ToLower(s)
	for _, a := range agencyNames {
		if len(a[0]) < 5 && strings.Contains(s, a[0]) || len(a[0]) >= 5 && strings.Contains(low, a[1]) {
			return true
		}
	}
	return false
}

func TestMentionsAgency(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false},
		{"A", false},
		{"MEXICO CITY (AP) — The lawyer said", true},
		{"a map of the city", false},                // "AP" as written only
		{"EUROPA PRESS informa", true},              // a long name in any case
		{"según efe", false},                        // a short name in another case
		{"Con información de Efe", true},            // the short name as written
		{"МОСКВА, 3 декабря. /ТАСС/.", true},        // Cyrillic
		{"【ワシントン共同】", true},                         // Japanese
		{"reported by thomson reuters staff", true}, // lower case, long
		{"Reute", false},
		{"xinhu", false},
		{"…dpa", true}, // at the end, after a multi-byte rune
	}
	for _, tt := range tests {
		if got := mentionsAgency(tt.s); got != tt.want {
			t.Errorf("mentionsAgency(%q) = %v, want %v", tt.s, got, tt.want)
		}
		if ref := mentionsAgencyRef(tt.s); ref != tt.want {
			t.Errorf("reference(%q) = %v, want %v: the table's cases are wrong", tt.s, ref, tt.want)
		}
	}
	// every name, alone and inside text, as written and lower-cased
	for _, a := range agencyNames {
		for _, s := range []string{a[0], "x " + a[0] + " y", a[1], "Y" + a[1]} {
			if got, want := mentionsAgency(s), mentionsAgencyRef(s); got != want {
				t.Errorf("mentionsAgency(%q) = %v, reference %v", s, got, want)
			}
		}
	}
}

func FuzzMentionsAgency(f *testing.F) {
	for _, s := range []string{"(Reuters) -", "by AP staff", "map", "ИТАР-ТАСС", "共同通信", "İstanbul AFP", "EFE"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := mentionsAgency(s), mentionsAgencyRef(s); got != want {
			t.Errorf("mentionsAgency(%q) = %v, reference %v", s, got, want)
		}
	})
}

// hasBylineWordRef is the test byline made before hasBylineWord: a lower-cased copy searched
// for each word.
func hasBylineWordRef(s string) bool {
	low := strings.ToLower(s)
	for _, w := range bylineWords {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}

func TestHasBylineWord(t *testing.T) {
	tests := []struct {
		s    string
		want bool
	}{
		{"", false},
		{"Reporting by Ana Ruiz; Editing by Tom Hale", true},
		{"REPORTING BY ANA RUIZ", true},
		{"Reporting  by two spaces", false},
		{"This Article was first published by the Harbor Times.", true},
		{"this stor", false},
		{"Writing by Émile Zola", true}, // not ASCII: the lower-cased copy
		{"İstanbul: reporting by staff", true},
		{"WRİTİNG BY", true}, // the dotted capital I lowers to i (simple case mapping)
		{"Additional reporting", false},
	}
	for _, tt := range tests {
		if got := hasBylineWord(tt.s); got != tt.want {
			t.Errorf("hasBylineWord(%q) = %v, want %v", tt.s, got, tt.want)
		}
		if ref := hasBylineWordRef(tt.s); ref != tt.want {
			t.Errorf("reference(%q) = %v, want %v: the table's cases are wrong", tt.s, ref, tt.want)
		}
	}
}

func FuzzHasBylineWord(f *testing.F) {
	for _, s := range []string{"Reporting by", "EDITING BY x", "this article", "Contributed To This Report", "İ writing by", "by"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := hasBylineWord(s), hasBylineWordRef(s); got != want {
			t.Errorf("hasBylineWord(%q) = %v, reference %v", s, got, want)
		}
	})
}
