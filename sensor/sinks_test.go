package sensor

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/diff"
)

func TestNDJSONSink(t *testing.T) {
	var buf bytes.Buffer
	s := NewNDJSONSink(&buf)
	fs := []diff.Finding{
		testFinding("a", "shadow", "medium", "h", "GET", "/x"),
		testFinding("b", "unauthenticated", "high", "h", "POST", "/y/{yId}"),
	}
	if err := s.Emit(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	if err := s.Emit(context.Background(), fs[:1]); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3:\n%s", len(lines), buf.String())
	}
	var got diff.Finding
	if err := json.Unmarshal([]byte(lines[1]), &got); err != nil {
		t.Fatal(err)
	}
	if got.ID != "b" || got.Path != "/y/{yId}" {
		t.Errorf("line 2 = %+v", got)
	}
	if st := s.(StatsSink).Stats(); st.Emitted != 3 {
		t.Errorf("emitted = %d, want 3", st.Emitted)
	}
	s.Close()
	if err := s.Emit(context.Background(), fs); !errors.Is(err, ErrSinkClosed) {
		t.Errorf("Emit after Close = %v, want ErrSinkClosed", err)
	}
}

func TestNDJSONFileSinkAppends(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f.ndjson")
	for i := 0; i < 2; i++ {
		s, err := OpenNDJSONFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Emit(context.Background(), []diff.Finding{testFinding("x", "shadow", "low", "h", "GET", "/")}); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	b, _ := os.ReadFile(name)
	if n := strings.Count(string(b), "\n"); n != 2 {
		t.Errorf("file has %d lines, want 2", n)
	}
	if _, err := OpenNDJSONFile(filepath.Join(t.TempDir(), "missing", "f")); err == nil {
		t.Error("OpenNDJSONFile in a missing directory: no error")
	}
}

// receiver is a real local HTTP webhook receiver that fails the first
// `fail` requests with `code`.
type receiver struct {
	mu       sync.Mutex
	fail     int
	code     int
	calls    int
	payloads []WebhookPayload
	headers  []http.Header
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.calls++
	r.headers = append(r.headers, req.Header.Clone())
	if r.calls <= r.fail {
		w.WriteHeader(r.code)
		return
	}
	var p WebhookPayload
	if req.Method != http.MethodPost || json.NewDecoder(req.Body).Decode(&p) != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	r.payloads = append(r.payloads, p)
	w.WriteHeader(http.StatusNoContent)
}

func TestWebhookSink(t *testing.T) {
	tests := []struct {
		name        string
		fail, code  int
		attempts    int
		wantCalls   int
		wantEmitted uint64
		wantFailed  uint64
		wantRetries uint64
	}{
		{"ok_first_time", 0, 0, 5, 1, 2, 0, 0},
		{"retry_after_500s", 3, 500, 5, 4, 2, 0, 3},
		{"retry_after_503", 1, 503, 5, 2, 2, 0, 1},
		{"retry_after_429", 2, 429, 5, 3, 2, 0, 2},
		{"give_up_after_attempts", 10, 500, 3, 3, 0, 2, 2},
		{"no_retry_on_400", 1, 400, 5, 1, 0, 2, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rcv := &receiver{fail: tt.fail, code: tt.code}
			srv := httptest.NewServer(rcv)
			defer srv.Close()
			s := NewWebhookSink(srv.URL+"/hook", WithRetry(tt.attempts, 10*time.Millisecond, 40*time.Millisecond),
				WithHeader("X-Receiver-Key", "k1"))
			ws := s.(*webhookSink)
			var mu sync.Mutex
			var waits []time.Duration
			ws.sleepFn = func(ctx context.Context, d time.Duration) bool {
				mu.Lock()
				waits = append(waits, d)
				mu.Unlock()
				return sleepCtx(ctx, time.Millisecond)
			}
			fs := []diff.Finding{testFinding("a", "shadow", "medium", "h", "GET", "/x"), testFinding("b", "zombie", "high", "h", "GET", "/old")}
			if err := s.Emit(context.Background(), fs); err != nil {
				t.Fatal(err)
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			st := ws.Stats()
			if rcv.calls != tt.wantCalls || st.Emitted != tt.wantEmitted || st.Failed != tt.wantFailed || st.Retries != tt.wantRetries {
				t.Errorf("calls=%d stats=%+v, want calls=%d emitted=%d failed=%d retries=%d",
					rcv.calls, st, tt.wantCalls, tt.wantEmitted, tt.wantFailed, tt.wantRetries)
			}
			if tt.wantEmitted > 0 {
				if len(rcv.payloads) != 1 || len(rcv.payloads[0].Findings) != 2 || rcv.payloads[0].Findings[1].ID != "b" ||
					rcv.payloads[0].Source != "shadowtap" {
					t.Errorf("payloads = %+v", rcv.payloads)
				}
			}
			for _, h := range rcv.headers {
				if h.Get("X-Receiver-Key") != "k1" || h.Get("Content-Type") != "application/json" {
					t.Errorf("headers = %v", h)
				}
			}
			// Backoff: each wait is the previous base doubled (capped at 40ms), plus <= 20% jitter.
			base := 10 * time.Millisecond
			for i, w := range waits {
				if w < base || w > base+base/5 {
					t.Errorf("wait %d = %v, want in [%v, %v]", i, w, base, base+base/5)
				}
				base = min(base*2, 40*time.Millisecond)
			}
		})
	}
}

func TestWebhookRetryAfter(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	defer srv.Close()
	s := NewWebhookSink(srv.URL, WithRetry(3, time.Millisecond, time.Minute)).(*webhookSink)
	var waits []time.Duration
	s.sleepFn = func(ctx context.Context, d time.Duration) bool { waits = append(waits, d); return true }
	_ = s.Emit(context.Background(), []diff.Finding{testFinding("a", "shadow", "low", "h", "GET", "/")})
	s.Close()
	if len(waits) != 1 || waits[0] != 7*time.Second {
		t.Errorf("waits = %v, want [7s]", waits)
	}
	if st := s.Stats(); st.Emitted != 1 {
		t.Errorf("stats = %+v", st)
	}
}

// TestWebhookNeverBlocks: a receiver that hangs must not block Emit; the
// queue overflows into counted drops and Close returns within its timeout.
func TestWebhookNeverBlocks(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	s := NewWebhookSink(srv.URL, WithQueueSize(2), WithCloseTimeout(50*time.Millisecond)).(*webhookSink)
	f := []diff.Finding{testFinding("a", "shadow", "low", "h", "GET", "/")}
	var full int
	for i := 0; i < 10; i++ {
		if err := s.Emit(context.Background(), f); errors.Is(err, ErrQueueFull) {
			full++
		}
	}
	if full < 7 {
		t.Errorf("ErrQueueFull %d times, want >= 7 (queue 2, one in flight)", full)
	}
	s.Close()
	st := s.Stats()
	if st.Dropped != 10 || st.Emitted != 0 {
		t.Errorf("stats = %+v, want all 10 dropped", st)
	}
	if err := s.Emit(context.Background(), f); !errors.Is(err, ErrSinkClosed) {
		t.Errorf("Emit after Close = %v", err)
	}
}

func TestSyslogCEFSinkUDP(t *testing.T) {
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer pc.Close()
	s, err := NewSyslogCEFSink("udp", pc.LocalAddr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	f := testFinding("id1", "shadow", "critical", "h", "DELETE", "/a|b")
	f.Detail = "x=y"
	if err := s.Emit(context.Background(), []diff.Finding{f}); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 4096)
	_ = pc.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _, err := pc.ReadFrom(buf)
	if err != nil {
		t.Fatal(err)
	}
	msg := string(buf[:n])
	// local0 (16) * 8 + crit (2) = 130
	if !strings.HasPrefix(msg, "<130>1 ") || !strings.Contains(msg, " shadowtap ") || !strings.Contains(msg, " shadow - CEF:0|shadowtap|shadowtap|") {
		t.Errorf("syslog message = %q", msg)
	}
	if !strings.Contains(msg, `request=/a|b`) || !strings.Contains(msg, `msg=x\=y`) || !strings.Contains(msg, "|10|") {
		t.Errorf("CEF body = %q", msg)
	}
}

func TestSyslogCEFSinkTCPReconnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	lines := make(chan string, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func(c net.Conn) {
				defer c.Close()
				sc := bufio.NewScanner(c)
				for sc.Scan() {
					lines <- sc.Text()
				}
			}(c)
		}
	}()
	s, err := NewSyslogCEFSink("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Emit(context.Background(), []diff.Finding{testFinding("1", "zombie", "high", "h", "GET", "/old")}); err != nil {
		t.Fatal(err)
	}
	if l := <-lines; !strings.HasPrefix(l, "<131>1 ") || !strings.Contains(l, "cs1=1") {
		t.Errorf("line = %q", l)
	}
	// Break the connection under the sink: the next Emit reconnects.
	s.(*syslogSink).conn.Close()
	if err := s.Emit(context.Background(), []diff.Finding{testFinding("2", "zombie", "high", "h", "GET", "/old")}); err != nil {
		t.Fatal(err)
	}
	select {
	case l := <-lines:
		if !strings.Contains(l, "cs1=2") {
			t.Errorf("line = %q", l)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no message after reconnect")
	}
	if st := s.(StatsSink).Stats(); st.Emitted != 2 || st.Retries != 1 {
		t.Errorf("stats = %+v", st)
	}
}

func TestSyslogBadNetwork(t *testing.T) {
	if _, err := NewSyslogCEFSink("sctp", "x:1"); err == nil {
		t.Error("no error for sctp")
	}
}

func TestParseSinkArg(t *testing.T) {
	tests := []struct {
		arg     string
		want    SinkConfig
		wantErr bool
	}{
		{"ndjson", SinkConfig{Type: "ndjson"}, false},
		{"ndjson:-", SinkConfig{Type: "ndjson", Path: "-"}, false},
		{"ndjson:/var/log/f.ndjson", SinkConfig{Type: "ndjson", Path: "/var/log/f.ndjson"}, false},
		{"webhook:https://siem.example/hook?x=1", SinkConfig{Type: "webhook", URL: "https://siem.example/hook?x=1"}, false},
		{"webhook:ftp://x", SinkConfig{}, true},
		{"webhook:", SinkConfig{}, true},
		{"syslog:udp://siem:514", SinkConfig{Type: "syslog", Network: "udp", Addr: "siem:514"}, false},
		{"syslog:unix:///dev/log", SinkConfig{Type: "syslog", Network: "unix", Addr: "/dev/log"}, false},
		{"syslog:siem:514", SinkConfig{}, true},
		{"kafka:x", SinkConfig{}, true},
	}
	for _, tt := range tests {
		got, err := ParseSinkArg(tt.arg)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseSinkArg(%q) error = %v, wantErr %v", tt.arg, err, tt.wantErr)
			continue
		}
		if !tt.wantErr && (got.Type != tt.want.Type || got.Path != tt.want.Path || got.URL != tt.want.URL ||
			got.Network != tt.want.Network || got.Addr != tt.want.Addr) {
			t.Errorf("ParseSinkArg(%q) = %+v, want %+v", tt.arg, got, tt.want)
		}
	}
}

func TestOpenSinkStdout(t *testing.T) {
	var buf bytes.Buffer
	s, err := OpenSink(SinkConfig{Type: "ndjson"}, &buf)
	if err != nil {
		t.Fatal(err)
	}
	_ = s.Emit(context.Background(), []diff.Finding{testFinding("z", "shadow", "low", "h", "GET", "/")})
	if !strings.Contains(buf.String(), `"id":"z"`) {
		t.Errorf("stdout = %q", buf.String())
	}
	if _, err := OpenSink(SinkConfig{Type: "syslog", Network: "udp"}, io.Discard); err == nil {
		t.Error("syslog without addr: no error")
	}
}

func TestWebhookBatches(t *testing.T) {
	rcv := &receiver{}
	srv := httptest.NewServer(rcv)
	defer srv.Close()
	s := NewWebhookSink(srv.URL, WithBatchSize(2))
	var fs []diff.Finding
	for i := 0; i < 5; i++ {
		fs = append(fs, testFinding(string(rune('a'+i)), "shadow", "low", "h", "GET", "/"))
	}
	if err := s.Emit(context.Background(), fs); err != nil {
		t.Fatal(err)
	}
	s.Close()
	var sizes []int
	var got []string
	for _, p := range rcv.payloads {
		sizes = append(sizes, len(p.Findings))
		for _, e := range p.Findings {
			got = append(got, e.ID)
		}
	}
	if fmt.Sprint(sizes) != "[2 2 1]" || strings.Join(got, "") != "abcde" {
		t.Errorf("POST sizes %v, ids %v; want [2 2 1] and abcde in order", sizes, got)
	}
}
