package job

import (
	"encoding/json"

	"github.com/neardup/neardup/input"
	"github.com/neardup/neardup/pipeline"
)

// Config is what the job's transforms need of pipeline.Options: the algorithm's and the
// reader's settings, without the callbacks (a DoFn's fields travel to the workers as JSON).
type Config struct {
	Threshold     float64
	Containment   float64
	Shingle       int
	NumPerm       int
	NoReuse       bool
	NoRewrite     bool
	Window        int
	MinPassage    int
	MaxGap        int
	MinReuseWords int
	Boilerplate   int
	StockDocs     int
	MaxPostings   int
	Read          input.ReadOptions

	// HotKey is the number of documents of a band key or fingerprint above which its pairs are
	// made on several workers, in blocks of HotBlock by HotBlock documents, instead of on the
	// one that grouped the key (0: 512 and 256).
	HotKey, HotBlock int
	// Shards, above 1, writes the report in that many files (writeReport).
	Shards int
	// Parts is how many files each intermediate output is written in (Outputs.Parts); 0: from
	// the input's size (partsFor).
	Parts int
}

// ConfigOf takes the settings of opts (defaults filled in).
func ConfigOf(opts pipeline.Options) Config {
	opts.SetDefaults()
	return Config{
		Threshold: opts.Threshold, Containment: opts.Containment, Shingle: opts.Shingle, NumPerm: opts.NumPerm,
		NoReuse: opts.NoReuse, NoRewrite: opts.NoRewrite, Window: opts.Window, MinPassage: opts.MinPassage, MaxGap: opts.MaxGap,
		MinReuseWords: opts.MinReuseWords, Boilerplate: opts.Boilerplate, StockDocs: opts.StockDocs,
		MaxPostings: opts.MaxPostings, Read: opts.Read,
	}
}

// Options gives the settings back as pipeline.Options, defaults filled in.
func (c Config) Options() pipeline.Options {
	o := pipeline.Options{
		Threshold: c.Threshold, Containment: c.Containment, Shingle: c.Shingle, NumPerm: c.NumPerm,
		NoReuse: c.NoReuse, NoRewrite: c.NoRewrite, Window: c.Window, MinPassage: c.MinPassage, MaxGap: c.MaxGap,
		MinReuseWords: c.MinReuseWords, Boilerplate: c.Boilerplate, StockDocs: c.StockDocs,
		MaxPostings: c.MaxPostings, Read: c.Read, Workers: 1,
	}
	o.SetDefaults()
	return o
}

func (c Config) hot() (key, block int) {
	key, block = c.HotKey, c.HotBlock
	if key <= 0 {
		key = 512
	}
	if block <= 0 {
		block = 256
	}
	return key, block
}

// encode and decodeConfig carry a Config in a DoFn's string field.
func (c Config) encode() string {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	return string(b)
}

// optionsOf decodes a DoFn's Config field into the options (a DoFn's Setup).
func optionsOf(s string) (pipeline.Options, error) {
	c, err := decodeConfig(s)
	return c.Options(), err
}

func decodeConfig(s string) (Config, error) {
	var c Config
	err := json.Unmarshal([]byte(s), &c)
	return c, err
}
