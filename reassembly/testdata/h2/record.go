//go:build ignore

// Command record serves HTTP/2 in clear text (h2c) with Go's net/http and
// golang.org/x/net/http2/h2c, and calls it with Go's HTTP/2 transport in
// prior-knowledge mode. record.sh runs it under tcpdump, with curl's
// --http2 (Upgrade: h2c) and --http2-prior-knowledge calls beside it.
//
//	go run record.go -listen 127.0.0.1:18080 -calls
package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/binary"
	"flag"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"strings"
	"time"

	"golang.org/x/net/http2"
	"golang.org/x/net/http2/h2c"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:18080", "address")
	serve := flag.Duration("serve", 0, "serve for this long, then exit")
	calls := flag.Bool("calls", false, "make the Go client calls, then exit")
	flag.Parse()
	if *calls {
		client(*listen)
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/users/{id}", func(w http.ResponseWriter, r *http.Request) {
		if r.PathValue("id") == "404" {
			http.Error(w, `{"error":"no such user"}`, http.StatusNotFound)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"id":%q,"name":"Kim Lee","email":"kim@example.com"}`, r.PathValue("id"))
	})
	mux.HandleFunc("POST /api/orders", func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		fmt.Fprintf(w, `{"order":"o-1","received":%d}`, len(b))
	})
	mux.HandleFunc("GET /api/report", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		fmt.Fprintf(zw, `{"rows":[%s1]}`, strings.Repeat("1,", 2000))
		zw.Close()
	})
	mux.HandleFunc("GET /static/big.bin", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(bytes.Repeat([]byte("0123456789abcdef"), 12000)) // 192000 bytes: several DATA frames, window updates
	})
	// gRPC's wire format over Go's HTTP/2 server: a length-prefixed message
	// each way, grpc-status in the trailers.
	mux.HandleFunc("POST /shop.v1.Catalog/GetItem", func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
		msg := []byte{0x0a, 0x03, 'a', 'b', 'c'}
		var pre [5]byte
		binary.BigEndian.PutUint32(pre[1:], uint32(len(msg)))
		w.Write(pre[:])
		w.Write(msg)
		w.Header().Set("Grpc-Status", "0")
		w.Header().Set("Grpc-Message", "")
	})
	mux.HandleFunc("POST /shop.v1.Catalog/DeleteItem", func(w http.ResponseWriter, r *http.Request) {
		io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/grpc")
		w.Header().Set("Trailer", "Grpc-Status, Grpc-Message")
		w.WriteHeader(http.StatusOK)
		w.Header().Set("Grpc-Status", "7")
		w.Header().Set("Grpc-Message", "permission denied")
	})
	srv := &http.Server{Addr: *listen, Handler: h2c.NewHandler(mux, &http2.Server{})}
	if *serve > 0 {
		go func() { time.Sleep(*serve); srv.Close() }()
	}
	if err := srv.ListenAndServe(); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}

func client(addr string) {
	tr := &http2.Transport{
		AllowHTTP: true,
		DialTLSContext: func(ctx context.Context, network, a string, _ *tls.Config) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, network, a)
		},
	}
	c := &http.Client{Transport: tr}
	base := "http://" + addr
	do := func(method, path, ct string, body []byte, hdr ...string) {
		req, _ := http.NewRequest(method, base+path, bytes.NewReader(body))
		if body == nil {
			req.Body = nil
		}
		if ct != "" {
			req.Header.Set("Content-Type", ct)
		}
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Add(hdr[i], hdr[i+1])
		}
		resp, err := c.Do(req)
		if err != nil {
			log.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	bearer := "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln"
	for _, id := range []string{"1", "2", "3", "404"} {
		do("GET", "/api/users/"+id, "", nil, "Authorization", bearer, "Cookie", "a=1", "Cookie", "sid=abc")
	}
	do("POST", "/api/orders", "application/json", []byte(`{"item":"book","qty":2}`), "Authorization", bearer)
	do("GET", "/api/report", "", nil, "Accept-Encoding", "gzip")
	do("GET", "/static/big.bin", "", nil)
	do("GET", "/nothing/here", "", nil)
	grpc := []byte{0, 0, 0, 0, 5, 0x0a, 0x03, 'x', 'y', 'z'}
	do("POST", "/shop.v1.Catalog/GetItem", "application/grpc", grpc, "Te", "trailers", "Authorization", bearer)
	do("POST", "/shop.v1.Catalog/DeleteItem", "application/grpc", grpc, "Te", "trailers")
	// concurrent streams on the one connection
	done := make(chan bool)
	for i := 0; i < 6; i++ {
		go func(i int) { do("GET", fmt.Sprintf("/api/users/%d", 10+i), "", nil); done <- true }(i)
	}
	for i := 0; i < 6; i++ {
		<-done
	}
}
