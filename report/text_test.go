package report

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/neardup/neardup/pipeline"
)

func TestTextColorAndTimestamp(t *testing.T) {
	res, err := pipeline.Run(context.Background(), []string{"../testdata/sample"}, nil, pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer res.Close()
	var plain, color, stamped bytes.Buffer
	if err := Text(&plain, res, TextOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&color, res, TextOptions{Color: true}); err != nil {
		t.Fatal(err)
	}
	if err := Text(&stamped, res, TextOptions{Timestamp: "2026-11-22T01:00:00Z"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text report holds ANSI escapes")
	}
	if !strings.Contains(color.String(), "\x1b[33mreuse\x1b[0m") {
		t.Error("coloured report does not colour the reuse relation")
	}
	stripped := strings.NewReplacer("\x1b[0m", "", "\x1b[1m", "", "\x1b[2m", "", "\x1b[33m", "", "\x1b[34m", "", "\x1b[35m", "").Replace(color.String())
	if stripped != plain.String() {
		t.Error("the coloured report differs from the plain one beyond its escapes")
	}
	if !strings.HasPrefix(stamped.String(), "generated 2026-11-22T01:00:00Z\n\n") || strings.TrimPrefix(stamped.String(), "generated 2026-11-22T01:00:00Z\n\n") != plain.String() {
		t.Error("--timestamp should add one line and change nothing else")
	}
}
