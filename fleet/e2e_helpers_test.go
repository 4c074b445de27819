package fleet

import (
	"context"
	"errors"
	"io"
	"net"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/sensor"
)

// safeLogf logs to t until the test is over (NATS callbacks may fire late).
func safeLogf(t testing.TB, prefix string) func(string, ...any) {
	var mu sync.Mutex
	done := false
	t.Cleanup(func() { mu.Lock(); done = true; mu.Unlock() })
	return func(f string, a ...any) {
		mu.Lock()
		defer mu.Unlock()
		if !done {
			t.Logf(prefix+f, a...)
		}
	}
}

// gatedSource replays captures, holding back after pauseAt packets until
// open is called, and after the last packet until Close: a sensor that
// keeps running.
type gatedSource struct {
	src       capture.Source
	pauseAt   int
	n         int
	gate      chan struct{}
	paused    chan struct{} // closed when the gate is reached
	drained   chan struct{} // closed at the captures' end
	closed    chan struct{}
	closeOnce sync.Once
	pauseOnce sync.Once
	drainOnce sync.Once
}

func newGatedSource(t testing.TB, pauseAt int, files ...string) *gatedSource {
	src, err := capture.OpenFiles(files...)
	if err != nil {
		t.Fatal(err)
	}
	return &gatedSource{src: src, pauseAt: pauseAt, gate: make(chan struct{}), paused: make(chan struct{}),
		drained: make(chan struct{}), closed: make(chan struct{})}
}

// countPackets counts the packets of captures.
func countPackets(t testing.TB, files ...string) int {
	src, err := capture.OpenFiles(files...)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	n := 0
	for {
		if _, _, _, err := src.ReadPacket(); err != nil {
			return n
		}
		n++
	}
}

func (g *gatedSource) open() { close(g.gate) }

func (g *gatedSource) ReadPacket() ([]byte, gopacket.CaptureInfo, layers.LinkType, error) {
	if g.n == g.pauseAt {
		g.pauseOnce.Do(func() { close(g.paused) })
		select {
		case <-g.gate:
		case <-g.closed:
			return nil, gopacket.CaptureInfo{}, 0, io.EOF
		}
	}
	data, ci, lt, err := g.src.ReadPacket()
	if err == io.EOF {
		g.drainOnce.Do(func() { close(g.drained) })
		<-g.closed
	}
	g.n++
	return data, ci, lt, err
}

func (g *gatedSource) Close() error {
	g.closeOnce.Do(func() { close(g.closed) })
	return g.src.Close()
}

// testSensor is a sensor replaying captures and publishing to NATS.
type testSensor struct {
	id     string
	pub    *Publisher
	cancel context.CancelFunc
	done   chan error
}

// startSensor runs a sensor over src (a file replay ends by itself; a
// gatedSource when stopped) publishing to url.
func startSensor(t testing.TB, dir, id, url string, src capture.Source) *testSensor {
	return startSensorOpts(t, dir, id, url, src, false)
}

func startSensorOpts(t testing.TB, dir, id, url string, src capture.Source, noResync bool) *testSensor {
	t.Helper()
	pub, err := NewPublisher(PublisherOptions{Conn: Conn{URL: url}, SensorID: id, SaltWait: 5 * time.Second, NoResync: noResync,
		PublishTimeout: 2 * time.Second, Logf: safeLogf(t, id+": ")})
	if err != nil {
		t.Fatal(err)
	}
	cfg := sensor.DefaultConfig()
	cfg.DBPath = filepath.Join(dir, id+".db")
	cfg.Listen = "off"
	cfg.Source = src
	cfg.CommitInterval = 100 * time.Millisecond
	cfg.ShutdownTimeout = 10 * time.Second
	cfg.Publisher = pub
	ctx, cancel := context.WithCancel(context.Background())
	s := &testSensor{id: id, pub: pub, cancel: cancel, done: make(chan error, 1)}
	go func() { s.done <- sensor.Run(ctx, cfg, io.Discard) }()
	t.Cleanup(func() { s.stop(t) })
	return s
}

// wait waits for the sensor to stop by itself (end of a file replay).
func (s *testSensor) wait(t testing.TB) {
	t.Helper()
	select {
	case err := <-s.done:
		s.done <- err
		if err != nil && !errors.Is(err, context.Canceled) {
			t.Fatalf("sensor %s: %v", s.id, err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("sensor %s did not finish", s.id)
	}
}

func (s *testSensor) stop(t testing.TB) {
	s.cancel()
	s.wait(t)
}

// eventually polls cond until it holds or d passes.
func eventually(t testing.TB, d time.Duration, what string, cond func() bool) {
	t.Helper()
	end := time.Now().Add(d)
	for !cond() {
		if time.Now().After(end) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// proxy forwards TCP to a NATS server and can cut a sensor off from it.
type proxy struct {
	t      testing.TB
	addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  []net.Conn
}

func startProxy(t testing.TB, target string) *proxy {
	p := &proxy{t: t, target: target}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p.addr = ln.Addr().String()
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

func (p *proxy) url() string { return "nats://" + p.addr }

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			u, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns = append(p.conns, c, u)
			p.mu.Unlock()
			go func() { io.Copy(u, c); u.Close() }()
			go func() { io.Copy(c, u); c.Close() }()
		}
	}()
}

// cut closes the listener and every connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

// restore listens again on the same address.
func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	if err != nil {
		p.t.Fatal(err)
	}
	p.serve(ln)
}
