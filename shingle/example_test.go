package shingle_test

import (
	"fmt"

	"github.com/neardup/neardup/shingle"
)

func ExampleTokenize() {
	text := "López wouldn’t go."
	for _, t := range shingle.Tokenize(text) {
		fmt.Printf("%q [%d,%d) %s\n", text[t.Start:t.End], t.Start, t.End, t.Norm)
	}
	// Output:
	// "López" [0,6) lopez
	// "wouldn’t" [7,17) wouldn't
	// "go" [18,20) go
}

func ExampleHashes() {
	a := shingle.Hashes(shingle.Tokenize("He had a problem with his molars"), 5)
	b := shingle.Hashes(shingle.Tokenize("“HE had a problem with his molars”"), 5)
	fmt.Println(len(a), a[0] == b[0])
	// Output: 3 true
}

func ExampleSet_Jaccard() {
	a := shingle.NewSet(shingle.Hashes(shingle.Tokenize("one two three four five six seven"), 5))
	b := shingle.NewSet(shingle.Hashes(shingle.Tokenize("one two three four five six eight"), 5))
	fmt.Printf("%.2f %.2f\n", a.Jaccard(b), a.Containment(b))
	// Output: 0.50 0.67
}

func ExampleWinnow() {
	sh := []shingle.Shingle{{Hash: 77, Pos: 0}, {Hash: 72, Pos: 1}, {Hash: 42, Pos: 2}, {Hash: 17, Pos: 3},
		{Hash: 98, Pos: 4}, {Hash: 50, Pos: 5}, {Hash: 17, Pos: 6}, {Hash: 98, Pos: 7}, {Hash: 8, Pos: 8}}
	for _, f := range shingle.Winnow(sh, 4) {
		fmt.Print(f.Hash, "@", f.Pos, " ")
	}
	fmt.Println()
	// Output: 17@3 17@6 8@8
}
