package sensor

// TEMPORARY: stands in for diff.Finding until the diff package lands.

import "time"

// Severity is a stand-in for diff.Severity.
type Severity int

func (s Severity) String() string {
	switch s {
	case 0:
		return "info"
	case 1:
		return "low"
	case 2:
		return "medium"
	case 3:
		return "high"
	}
	return "critical"
}

// Finding is a stand-in for diff.Finding.
type Finding struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Severity Severity `json:"severity"`
	Host     string   `json:"host"`
	Method   string   `json:"method"`
	Path     string   `json:"path"`
	Title    string   `json:"title"`
	Detail   string   `json:"detail"`
	Spec     string   `json:"spec,omitempty"`
	Evidence struct {
		Hits     uint64    `json:"hits"`
		LastSeen time.Time `json:"last_seen"`
	} `json:"evidence"`
}
