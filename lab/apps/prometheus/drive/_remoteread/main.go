// Command remoteread is a remote-read client built from Prometheus' own storage/remote package (the client a
// Prometheus server's remote_read section uses), reading series back from the lab server's POST /api/v1/read with
// basic auth, as a long-term-storage or a second Prometheus would. It also prints a bcrypt hash for the web config
// (`remoteread bcrypt PASSWORD`), with golang.org/x/crypto/bcrypt from the module's own dependencies.
//
// Usage: remoteread bcrypt PASSWORD
//
//	remoteread read URL USER PASSWORD
package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"

	config_util "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
	"golang.org/x/crypto/bcrypt"

	"github.com/prometheus/prometheus/prompb"
	"github.com/prometheus/prometheus/storage/remote"
	"github.com/prometheus/prometheus/tsdb/chunkenc"
)

func main() {
	if len(os.Args) >= 3 && os.Args[1] == "bcrypt" {
		h, err := bcrypt.GenerateFromPassword([]byte(os.Args[2]), 10)
		if err != nil {
			panic(err)
		}
		fmt.Println(string(h))
		return
	}
	if len(os.Args) < 5 || os.Args[1] != "read" {
		fmt.Fprintln(os.Stderr, "usage: remoteread bcrypt PASSWORD | remoteread read URL USER PASSWORD")
		os.Exit(2)
	}
	u, err := url.Parse(os.Args[2])
	if err != nil {
		panic(err)
	}
	conf := &remote.ClientConfig{
		URL:              &config_util.URL{URL: u},
		Timeout:          model.Duration(10 * time.Second),
		ChunkedReadLimit: 50e6, // the remote_read default (config.DefaultChunkedReadLimit)
		HTTPClientConfig: config_util.HTTPClientConfig{
			BasicAuth: &config_util.BasicAuth{Username: os.Args[3], Password: config_util.Secret(os.Args[4])},
		},
	}
	c, err := remote.NewReadClient("longterm-archive", conf)
	if err != nil {
		panic(err)
	}
	now := time.Now()
	type q struct {
		back     time.Duration
		matchers []*prompb.LabelMatcher
	}
	eq := func(n, v string) *prompb.LabelMatcher {
		return &prompb.LabelMatcher{Type: prompb.LabelMatcher_EQ, Name: n, Value: v}
	}
	re := func(n, v string) *prompb.LabelMatcher {
		return &prompb.LabelMatcher{Type: prompb.LabelMatcher_RE, Name: n, Value: v}
	}
	queries := []q{
		{5 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "up")}},
		{5 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "http_requests_total"), eq("service", "checkout-api")}},
		{2 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "http_requests_total"), re("http_route", "/api/orders/.*"), eq("env", "production")}},
		{10 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "inventory_queue_depth"), eq("queue", "SupplierFeed")}},
		{10 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "http_requests_total"), eq("service", "edge_gateway")}},
		{3 * time.Minute, []*prompb.LabelMatcher{re("__name__", "service:.*"), eq("env", "staging")}},
		{1 * time.Minute, []*prompb.LabelMatcher{eq("__name__", "no_such_metric_anywhere")}},
	}
	for _, qq := range queries {
		pq := &prompb.Query{StartTimestampMs: now.Add(-qq.back).UnixMilli(), EndTimestampMs: now.UnixMilli(), Matchers: qq.matchers}
		ss, err := c.Read(context.Background(), pq, true)
		if err != nil {
			fmt.Println("read error:", err)
			continue
		}
		n, samples := 0, 0
		for ss.Next() {
			n++
			it := ss.At().Iterator(nil)
			for it.Next() != chunkenc.ValNone {
				samples++
			}
		}
		fmt.Printf("remote read %v: %d series, %d samples, err %v\n", qq.matchers, n, samples, ss.Err())
	}
}
