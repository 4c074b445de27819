//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package storage

import (
	"bufio"
	"strings"
	"testing"
)

func TestParseProcLocks(t *testing.T) {
	const locks = `1: POSIX  ADVISORY  WRITE 99 08:01:42 0 EOF
2: FLOCK  ADVISORY  WRITE 1234 00:2a:5678 0 EOF
2: -> FLOCK  ADVISORY  WRITE 4321 00:2a:5678 0 EOF
3: FLOCK  ADVISORY  READ 77 00:2a:9999 0 EOF
garbage
4: FLOCK  ADVISORY  WRITE 500 00:2a:8888 0 EOF
5: FLOCK  ADVISORY  WRITE 600 00:2a:8888 0 EOF
`
	tests := []struct {
		name      string
		ino       uint64
		self, pid int
	}{
		{"holder", 5678, 1, 1234},
		{"reader", 9999, 1, 77},
		{"prefer_other_than_self", 8888, 500, 600},
		{"only_self", 5678, 1234, 1234},
		{"none", 1, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := parseProcLocks(bufio.NewScanner(strings.NewReader(locks)), tt.ino, tt.self)
			if got != tt.pid {
				t.Errorf("parseProcLocks(ino %d) = %d, want %d", tt.ino, got, tt.pid)
			}
		})
	}
}
