// Builds etcd v3.7.3 (go.etcd.io/etcd/server/v3, whose package main is the etcd binary) from the Go module proxy.
// The server module replaces its sibling modules with ../api, ../client/... (not in its zip), so `go install` refuses
// it; this module requires the siblings at the same release instead. setup.sh copies it and runs go mod tidy.
module shadowtap.lab/etcd

go 1.26.0

require (
	go.etcd.io/etcd/api/v3 v3.7.3
	go.etcd.io/etcd/client/pkg/v3 v3.7.3
	go.etcd.io/etcd/client/v3 v3.7.3
	go.etcd.io/etcd/pkg/v3 v3.7.3
	go.etcd.io/etcd/server/v3 v3.7.3
)
