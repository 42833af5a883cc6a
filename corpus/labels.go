package corpus

import (
	"bufio"
	"fmt"
	"io"
)

// Stories file: TSV with the header "id	story	role" and one line per article in stream order.
// story labels the story the article belongs to, by the id of the story's first article: the
// connected component of the planted pairs (copies and re-runs) for originals and their copies,
// every article of a big story, every item of a template series; a digest, and an article with
// no planted relation, is a story of its own. role says how the article came to be.

// Role says how an article came to be, in the stories file.
type Role string

// The roles.
const (
	RoleOriginal   Role = "original"   // an original that was later copied or re-run
	RoleSyndicated Role = "syndicated" // see Syndicated
	RoleTruncated  Role = "truncated"  // see Truncated
	RoleRewrite    Role = "rewrite"    // see Rewrite
	RoleOutlet     Role = "outlet"     // one outlet's article on a big story
	RoleDigest     Role = "digest"     // a roundup quoting other stories
	RoleRerun      Role = "rerun"      // an outlet's re-run of its own article
	RoleTemplate   Role = "template"   // an item of a template series
	RolePlain      Role = "plain"      // no planted relation
)

// roles numbers the roles for labels.role.
var roles = []Role{RolePlain, RoleOriginal, RoleSyndicated, RoleTruncated, RoleRewrite, RoleOutlet, RoleDigest, RoleRerun, RoleTemplate}

// role indexes roles.
type role uint8

const (
	rolePlain role = iota
	roleOriginal
	roleSyndicated
	roleTruncated
	roleRewrite
	roleOutlet
	roleDigest
	roleRerun
	roleTemplate
)

// kindRole is the role of a copy of kind.
func kindRole(k Kind) role {
	switch k {
	case Syndicated:
		return roleSyndicated
	case Truncated:
		return roleTruncated
	case Rewrite:
		return roleRewrite
	case Rerun:
		return roleRerun
	}
	return rolePlain
}

// labels holds each article's role and its story, as a union-find whose root is the story's
// first article: union links the later root under the earlier.
type labels struct {
	parent []int32
	role   []role
}

func newLabels(n int) *labels {
	l := &labels{parent: make([]int32, n), role: make([]role, n)}
	for i := range l.parent {
		l.parent[i] = int32(i)
	}
	return l
}

func (l *labels) find(i int) int {
	for int(l.parent[i]) != i {
		l.parent[i] = l.parent[l.parent[i]]
		i = int(l.parent[i])
	}
	return i
}

// union puts a and b in one story. A nil labels records nothing.
func (l *labels) union(a, b int) {
	if l == nil {
		return
	}
	ra, rb := l.find(a), l.find(b)
	if ra > rb {
		ra, rb = rb, ra
	}
	l.parent[rb] = int32(ra)
}

// copied records that article b was derived from a with kind: a plain original becomes an
// original, b gets the copy's role, and both are one story.
func (l *labels) copied(a, b int, kind Kind) {
	if l == nil {
		return
	}
	if l.role[a] == rolePlain {
		l.role[a] = roleOriginal
	}
	l.role[b] = kindRole(kind)
	l.union(a, b)
}

// write writes the stories file for the first n articles.
func (l *labels) write(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString("id\tstory\trole\n"); err != nil {
		return fmt.Errorf("write stories header: %w", err)
	}
	for i := range n {
		fmt.Fprintf(bw, "%s\t%s\t%s\n", articleID(i), articleID(l.find(i)), roles[l.role[i]])
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write stories: %w", err)
	}
	return nil
}
