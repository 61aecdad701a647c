package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// SyntaxError is input that is not in the expected format: the file, the
// place (line and column when the input could be re-read to find them,
// else the byte offset), and what was wrong.
type SyntaxError struct {
	File      string
	Line, Col int
	Offset    int64
	Err       error
}

// Error formats e as file:line:col: message, the form editors and CI read.
func (e *SyntaxError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d:%d: %v", e.File, e.Line, e.Col, e.Err)
	}
	return fmt.Sprintf("%s: at byte %d: %v", e.File, e.Offset, e.Err)
}

// Unwrap returns the underlying error.
func (e *SyntaxError) Unwrap() error { return e.Err }

// NewSyntaxError returns a SyntaxError at byte offset off of r, moved past
// white space and separators to the start of the next value. When r can
// seek (a file), the line and column are found by reading it again from the
// start; a streaming import does not keep the bytes it has read.
func NewSyntaxError(file string, r io.Reader, off int64, err error) error {
	e := &SyntaxError{File: file, Offset: off, Err: err}
	s, ok := r.(io.ReadSeeker)
	if !ok {
		return e
	}
	if _, serr := s.Seek(0, io.SeekStart); serr != nil {
		return e
	}
	br := bufio.NewReader(s)
	line, col := 1, 1
	for n := int64(0); ; n++ {
		c, rerr := br.ReadByte()
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return e
		}
		if n >= off && !strings.ContainsRune(" \t\r\n,:", rune(c)) {
			break
		}
		if c == '\n' {
			line, col = line+1, 1
		} else if c < 0x80 || c >= 0xC0 { // count runes, not UTF-8 continuation bytes
			col++
		}
	}
	e.Line, e.Col = line, col
	return e
}
