//go:build !unix

package input

// oNoFollow is 0 where open has no O_NOFOLLOW: a file listed under a directory is opened as
// listed, and a link made in its place since then is followed.
const oNoFollow = 0
