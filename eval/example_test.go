package eval_test

import (
	"fmt"
	"os"

	"github.com/neardup/neardup/eval"
)

// A passage of "src" copied into "copy", which the report finds in two pieces and lists the
// other way round: every byte is found (precision and recall 1), but granularity 2 divides
// plagdet by log2(3).
func ExampleScore() {
	truth := &eval.Truth{Cases: []eval.Case{{A: "src", B: "copy", Offsets: true, Anchored: true,
		Passage: eval.Passage{AStart: 0, AEnd: 100, BStart: 50, BEnd: 150}}}}
	out := &eval.Output{Pairs: []eval.Reported{{A: "copy", B: "src", Relation: "reuse", Passages: []eval.Passage{
		{AStart: 50, AEnd: 100, BStart: 0, BEnd: 50},
		{AStart: 100, AEnd: 150, BStart: 50, BEnd: 100},
	}}}}
	res := eval.Score(out, truth, eval.Options{})
	fmt.Printf("recall %.2f, granularity %.2f, plagdet %.4f\n", res.Passages.Recall, res.Passages.Granularity, res.Passages.Plagdet)
	res.WriteText(os.Stdout)
	// Output:
	// recall 1.00, granularity 2.00, plagdet 0.6309
	// pairs precision=1.0000 recall=1.0000 f1=1.0000 reported=1 truth=1
	// passages: 1 cases on 1 pairs with exact offsets; 2 detections
	// pan precision=1.0000 recall=1.0000 granularity=2.0000 plagdet=0.6309 pair_recall=1.0000 stray_pairs=0
	// eval: pair_precision=1.0000 pair_recall=1.0000 pair_f1=1.0000 found=1 truth=1 false_positives=0 reported=1 stray=0 ignored=0 pan_precision=1.0000 pan_recall=1.0000 granularity=2.0000 plagdet=0.6309 cases=1 detections=2
}
