package input

import (
	"encoding/binary"
	"encoding/json"
)

// rawField is one member of a JSON object: its key and its value's bytes, both slices of the line.
type rawField struct{ key, value []byte }

// scanObject is the fast path of Parse for JSON Lines: one pass over a record that validates it as
// a JSON object and returns its top-level members as slices of data, without copying them.
// encoding/json checks a record, then decodes it, then copies every value (three passes over a
// 3 KB text); this is a fifth of the first pass's CPU on news-length articles.
//
// data must be valid UTF-8 (Parse repairs it first). It is strict: ok is true only for a valid
// JSON object (RFC 8259) whose keys have no escapes
// and that nests at most maxNesting deep. Anything else, valid or not, returns ok false, and
// Parse falls back to encoding/json, which decides and words the error. FuzzScanObject checks
// that it never accepts what encoding/json rejects and that the values agree.
func scanObject(data []byte, fields []rawField) ([]rawField, bool) {
	s := scanner{data: data}
	s.space()
	if !s.byte('{') {
		return nil, false
	}
	s.space()
	if s.byte('}') {
		s.space()
		return fields, s.i == len(s.data)
	}
	for {
		s.space()
		k0 := s.i
		if !s.str(false) {
			return nil, false
		}
		key := data[k0+1 : s.i-1]
		s.space()
		if !s.byte(':') {
			return nil, false
		}
		s.space()
		v0 := s.i
		if !s.value(0) {
			return nil, false
		}
		fields = append(fields, rawField{key, data[v0:s.i]})
		s.space()
		if s.byte(',') {
			continue
		}
		if !s.byte('}') {
			return nil, false
		}
		s.space()
		return fields, s.i == len(s.data)
	}
}

// get returns the value of the last member named key (encoding/json keeps the last duplicate),
// or nil.
func get(fields []rawField, key string) json.RawMessage {
	for i := len(fields) - 1; i >= 0; i-- {
		if string(fields[i].key) == key {
			return fields[i].value
		}
	}
	return nil
}

const maxNesting = 64

type scanner struct {
	data []byte
	i    int
}

func (s *scanner) space() {
	for s.i < len(s.data) {
		switch s.data[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

func (s *scanner) byte(c byte) bool {
	if s.i < len(s.data) && s.data[s.i] == c {
		s.i++
		return true
	}
	return false
}

// str scans a string; escapes are allowed only when escapes is true.
func (s *scanner) str(escapes bool) bool {
	if !s.byte('"') {
		return false
	}
	for s.i < len(s.data) {
		// eight plain bytes at a time: a text is mostly plain (0.75 of the first pass's 1.0 s
		// in this function at 200,000 articles went to a byte at a time)
		for s.i+8 <= len(s.data) && !special8(binary.LittleEndian.Uint64(s.data[s.i:])) {
			s.i += 8
		}
		if s.i >= len(s.data) {
			break
		}
		c := s.data[s.i]
		switch {
		case c == '"':
			s.i++
			return true
		case c < 0x20:
			return false
		case c == '\\':
			if !escapes || s.i+1 >= len(s.data) {
				return false
			}
			switch s.data[s.i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				s.i += 2
			case 'u':
				if s.i+6 > len(s.data) {
					return false
				}
				for _, h := range s.data[s.i+2 : s.i+6] {
					if !isHex(h) {
						return false
					}
				}
				s.i += 6
			default:
				return false
			}
		default:
			s.i++
		}
	}
	return false
}

// special8 reports whether any of the eight bytes of x is a quote, a backslash or a control
// character, with no false negatives (a false positive only follows a true one).
func special8(x uint64) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	q := x ^ (ones * '"')
	b := x ^ (ones * '\\')
	return ((q-ones)&^q|(b-ones)&^b|(x-ones*0x20)&^x)&high != 0
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func (s *scanner) digits() bool {
	n := s.i
	for s.i < len(s.data) && '0' <= s.data[s.i] && s.data[s.i] <= '9' {
		s.i++
	}
	return s.i > n
}

func (s *scanner) number() bool {
	s.byte('-')
	switch {
	case s.byte('0'):
	case s.i < len(s.data) && '1' <= s.data[s.i] && s.data[s.i] <= '9':
		s.digits()
	default:
		return false
	}
	if s.byte('.') && !s.digits() {
		return false
	}
	if s.byte('e') || s.byte('E') {
		if !s.byte('+') {
			s.byte('-')
		}
		if !s.digits() {
			return false
		}
	}
	return true
}

func (s *scanner) literal(lit string) bool {
	if len(s.data)-s.i >= len(lit) && string(s.data[s.i:s.i+len(lit)]) == lit {
		s.i += len(lit)
		return true
	}
	return false
}

func (s *scanner) value(depth int) bool {
	if s.i >= len(s.data) {
		return false
	}
	switch c := s.data[s.i]; {
	case c == '"':
		return s.str(true)
	case c == '{' || c == '[':
		if depth >= maxNesting {
			return false
		}
		s.i++
		end := byte('}')
		if c == '[' {
			end = ']'
		}
		s.space()
		if s.byte(end) {
			return true
		}
		for {
			s.space()
			if c == '{' {
				if !s.str(true) {
					return false
				}
				s.space()
				if !s.byte(':') {
					return false
				}
				s.space()
			}
			if !s.value(depth + 1) {
				return false
			}
			s.space()
			if s.byte(',') {
				continue
			}
			return s.byte(end)
		}
	case c == '-' || '0' <= c && c <= '9':
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return false
}
