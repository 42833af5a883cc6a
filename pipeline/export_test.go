package pipeline

// WithoutPrefilter returns the options with the filter before verification turned off.
func WithoutPrefilter(o Options) Options {
	o.noPrefilter = true
	return o
}
