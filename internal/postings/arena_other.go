//go:build !unix

package postings

func arenaAlloc(n int) []byte { return nil }

func arenaFree(m []byte) {}
