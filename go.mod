module github.com/neardup/neardup

go 1.26.8

require (
	github.com/spaolacci/murmur3 v1.1.0
	golang.org/x/net v0.62.0
	golang.org/x/text v0.43.0
)
