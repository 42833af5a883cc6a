package main

import "testing"

func TestParseMemTotal(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
	}{
		{"MemTotal:       24576000 kB\nMemFree:         1024 kB\n", 24576000 << 10},
		{"MemFree:         1024 kB\nMemTotal: 2048 kB\n", 2048 << 10},
		{"MemFree:         1024 kB\n", 0},
		{"MemTotal:       lots kB\n", 0},
		{"MemTotal:       2048 MB\n", 0},
		{"MemTotal:       -5 kB\n", 0},
		{"", 0},
	} {
		if got := parseMemTotal(tc.in); got != tc.want {
			t.Errorf("parseMemTotal(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}
