package pipeline

import (
	"strings"
	"testing"
)

// TestOptionsValidate: the defaults pass, and each bad option is named in the error.
func TestOptionsValidate(t *testing.T) {
	ok := Options{}
	ok.SetDefaults()
	if err := ok.Validate(); err != nil {
		t.Fatalf("defaults: Validate() = %v", err)
	}
	tests := []struct {
		set  func(*Options)
		want string
	}{
		{func(o *Options) { o.Read.MaxDocBytes = 1 << 32 }, "--max-doc-bytes 4294967296: must be positive and at most 4294967295"},
		{func(o *Options) { o.Read.MaxDocBytes = -5 }, "--max-doc-bytes -5"},
		{func(o *Options) { o.Boilerplate = 1 }, "--boilerplate 1: must be at least 2"},
		{func(o *Options) { o.Window = 0 }, "--window 0: must be at least 1"},
		{func(o *Options) { o.rewriteAsked, o.NoReuse = true, true }, "--rewrite finds rewritten passages, which --no-reuse leaves out"},
		// the reading options too: the text read for the id would make every article its own
		{func(o *Options) { o.Read.Fields.ID = "text" }, `fields id and text are both read from JSON field "text"`},
		{func(o *Options) { o.Read.Fields.Source = "body"; o.Read.Fields.Text = "body" }, `fields text and source are both read from JSON field "body"`},
		// every problem listed: the fields too when the size limit is wrong
		{func(o *Options) { o.Read.MaxDocBytes = -1; o.Read.Fields.ID = "text" }, `fields id and text are both read from JSON field "text"`},
	}
	for _, tt := range tests {
		o := Options{}
		o.SetDefaults()
		tt.set(&o)
		if err := o.Validate(); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Validate() = %v, want it to say %q", err, tt.want)
		}
	}
}
