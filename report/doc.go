// Package report renders the clusters of a pipeline.Result for people and programs: plain text
// for a terminal, JSON Lines (the output contract of DESIGN.md), CSV and a self-contained HTML
// page. A report never changes the result it renders, and the same result always renders to the
// same bytes (clusters and pairs in order, floats rounded to four places, no timestamps).
package report
