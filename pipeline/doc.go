// Package pipeline holds neardup's result types (Document, Pair, Passage, Cluster) and the stages
// that produce them: read, sign, candidates, verify, align, cluster, and Run, their composition.
package pipeline
