//go:build unix

package input

import "syscall"

// oNoFollow makes opening a symbolic link fail (ELOOP, or EMLINK on some BSDs): a file listed
// under a directory that was replaced by a link since is not read through it.
const oNoFollow = syscall.O_NOFOLLOW
