package diff

import (
	"fmt"
	"strings"
)

// Severity ranks a finding. The zero value is SeverityInfo; higher values are
// more severe. It marshals as its lower-case name.
type Severity uint8

// Severities, least severe first.
const (
	SeverityInfo Severity = iota
	SeverityLow
	SeverityMedium
	SeverityHigh
	SeverityCritical
)

var severityNames = [...]string{"info", "low", "medium", "high", "critical"}

// String returns the lower-case name ("info" ... "critical").
func (s Severity) String() string {
	if int(s) < len(severityNames) {
		return severityNames[s]
	}
	return fmt.Sprintf("severity(%d)", uint8(s))
}

// ErrBadSeverity is returned (wrapped) by ParseSeverity for an unknown name.
var ErrBadSeverity = fmt.Errorf("diff: unknown severity (want one of %s)", strings.Join(severityNames[:], ", "))

// ParseSeverity parses a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	for i, n := range severityNames {
		if n == t {
			return Severity(i), nil
		}
	}
	if len(s) > 80 {
		s = s[:80]
	}
	return 0, fmt.Errorf("%w: %q", ErrBadSeverity, s)
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) {
	if int(s) >= len(severityNames) {
		return nil, fmt.Errorf("diff: invalid severity %d", uint8(s))
	}
	return []byte(severityNames[s]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}
