//go:build linux

package capture

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/gopacket/gopacket/layers"
)

// openLiveOrSkip opens lo, skipping the test only when the process lacks
// CAP_NET_RAW.
func openLiveOrSkip(t *testing.T, opts LiveOptions) *Live {
	t.Helper()
	l, err := OpenLive("lo", opts)
	if errors.Is(err, syscall.EPERM) || errors.Is(err, syscall.EACCES) {
		t.Skipf("no CAP_NET_RAW: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func startServer(t *testing.T) (port int, stop func()) {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "ok "+r.URL.Path)
	})}
	go srv.Serve(ln)
	return ln.Addr().(*net.TCPAddr).Port, func() { srv.Close() }
}

// collect reads l until Close, decoding frames and keeping a copy of every
// TCP payload.
func collect(l *Live, mu *sync.Mutex, payloads *[][]byte) chan error {
	done := make(chan error, 1)
	go func() {
		d := NewDecoder(DecoderOptions{})
		var seg Segment
		for {
			data, ci, link, err := l.ReadPacket()
			if err == io.EOF {
				done <- nil
				return
			}
			if err != nil {
				done <- err
				return
			}
			if d.Decode(data, ci, link, &seg) && len(seg.TCP.Payload) > 0 {
				mu.Lock()
				*payloads = append(*payloads, bytes.Clone(seg.TCP.Payload))
				mu.Unlock()
			}
		}
	}()
	return done
}

func TestLiveLoopbackHTTP(t *testing.T) {
	port, stop := startServer(t)
	defer stop()
	otherPort, stopOther := startServer(t)
	defer stopOther()

	for _, tc := range []struct {
		name     string
		outgoing OutgoingMode
		promisc  bool
		want     int // times each request line is seen
	}{
		{"auto_drops_outgoing_on_lo", OutgoingAuto, false, 1},
		{"drop_promiscuous_small_ring", OutgoingDrop, true, 1},
		{"keep_sees_twice", OutgoingKeep, false, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog, err := Filter{Ports: []uint16{uint16(port)}}.BPF()
			if err != nil {
				t.Fatal(err)
			}
			opts := LiveOptions{BPF: prog, Outgoing: tc.outgoing, Promiscuous: tc.promisc, PollTimeout: 50 * time.Millisecond}
			if tc.promisc {
				opts.BlockSize, opts.NumBlocks, opts.Snaplen = 1<<16, 4, 1500
			}
			l := openLiveOrSkip(t, opts)
			if l.LinkType() != layers.LinkTypeEthernet {
				t.Fatalf("lo link type %v", l.LinkType())
			}
			var mu sync.Mutex
			var payloads [][]byte
			done := collect(l, &mu, &payloads)

			client := &http.Client{Transport: &http.Transport{DisableKeepAlives: tc.name == "keep_sees_twice"}}
			const n = 20
			var lines []string
			for i := range n {
				path := fmt.Sprintf("/api/%s/users/%d", tc.name, i)
				lines = append(lines, "GET "+path+" HTTP/1.1\r\n")
				resp, err := client.Get("http://127.0.0.1:" + strconv.Itoa(port) + path)
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				// Traffic to another port must be filtered out by the BPF.
				resp, err = client.Get("http://127.0.0.1:" + strconv.Itoa(otherPort) + "/filtered-out")
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
			client.CloseIdleConnections()

			// Wait (bounded) until the last response has been captured.
			last := []byte("ok /api/" + tc.name + "/users/" + strconv.Itoa(n-1))
			for range 200 {
				mu.Lock()
				seen := 0
				for _, p := range payloads {
					seen += bytes.Count(p, last)
				}
				mu.Unlock()
				if seen >= tc.want {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			st, err := l.Stats()
			if err != nil {
				t.Fatal(err)
			}
			if err := l.Close(); err != nil {
				t.Fatal(err)
			}
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			all := bytes.Join(payloads, nil)
			for _, line := range lines {
				if got := bytes.Count(all, []byte(line)); got != tc.want {
					t.Errorf("%q seen %d times, want %d", line, got, tc.want)
				}
			}
			if bytes.Contains(all, []byte("/filtered-out")) {
				t.Errorf("traffic to port %d passed the port %d filter", otherPort, port)
			}
			t.Logf("%d payloads, kernel stats %+v", len(payloads), st)
		})
	}
}

// TestLiveCloseWhileReading closes the source while another goroutine is
// blocked in ReadPacket (no traffic matches the filter): the reader must get
// io.EOF and nothing may fault.
func TestLiveCloseWhileReading(t *testing.T) {
	prog, err := Filter{Ports: []uint16{1}, Hosts: nil}.BPF()
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		l := openLiveOrSkip(t, LiveOptions{BPF: prog, PollTimeout: 20 * time.Millisecond, NumBlocks: 2})
		started := make(chan struct{})
		done := make(chan error, 1)
		go func() {
			close(started)
			_, _, _, err := l.ReadPacket()
			done <- err
		}()
		<-started
		time.Sleep(5 * time.Millisecond)
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if err := <-done; err != io.EOF {
			t.Fatalf("ReadPacket after Close: %v, want io.EOF", err)
		}
		if _, _, _, err := l.ReadPacket(); err != io.EOF {
			t.Fatalf("second ReadPacket: %v", err)
		}
		if err := l.Close(); err != nil {
			t.Fatal(err)
		}
		if _, err := l.Stats(); !errors.Is(err, ErrClosed) {
			t.Fatalf("Stats after Close: %v", err)
		}
	}
}

func TestOpenLiveErrors(t *testing.T) {
	if _, err := OpenLive("no-such-iface0", LiveOptions{}); err == nil {
		t.Fatal("OpenLive of a missing interface succeeded")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root for the BPF check")
	}
	bad := []LiveOptions{{BlockSize: 1000}} // not a page multiple
	for _, o := range bad {
		if l, err := OpenLive("lo", o); err == nil {
			l.Close()
			t.Errorf("OpenLive(%+v) succeeded", o)
		}
	}
}
