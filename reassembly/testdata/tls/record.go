//go:build ignore

// Command record serves HTTPS with Go's crypto/tls (a self-signed
// certificate made at start, or an expired one with -expired) and, with
// -calls, calls it with Go's client over TLS 1.2 and TLS 1.3. record.sh
// adds curl and openssl s_client handshakes.
package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"flag"
	"io"
	"log"
	"math/big"
	"net/http"
	"time"
)

func cert(expired bool) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	nb, na := time.Now().Add(-time.Hour), time.Now().Add(365*24*time.Hour)
	if expired {
		nb, na = time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(7),
		Subject:      pkix.Name{CommonName: "api.shop.test", Organization: []string{"Shop Test"}},
		DNSNames:     []string{"api.shop.test", "shop.test"},
		NotBefore:    nb, NotAfter: na,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		log.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func main() {
	listen := flag.String("listen", "127.0.0.1:18443", "address")
	serve := flag.Duration("serve", 0, "serve this long")
	expired := flag.Bool("expired", false, "serve an expired certificate")
	calls := flag.Bool("calls", false, "make the Go client calls, then exit")
	flag.Parse()
	if *calls {
		for _, v := range []uint16{tls.VersionTLS12, tls.VersionTLS13} {
			c := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true, ServerName: "api.shop.test", MinVersion: v, MaxVersion: v}}}
			resp, err := c.Get("https://" + *listen + "/api/users/1")
			if err != nil {
				log.Fatal(err)
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		return
	}
	srv := &http.Server{Addr: *listen, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(`{"id":1}`)) }),
		TLSConfig: &tls.Config{Certificates: []tls.Certificate{cert(*expired)}, MinVersion: tls.VersionTLS10}}
	if *serve > 0 {
		go func() { time.Sleep(*serve); srv.Close() }()
	}
	if err := srv.ListenAndServeTLS("", ""); err != nil && err != http.ErrServerClosed {
		log.Fatal(err)
	}
}
