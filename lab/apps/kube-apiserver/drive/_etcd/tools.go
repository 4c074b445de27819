//go:build tools

// Keeps etcd's main package (go.etcd.io/etcd/server/v3, which calls etcdmain.Main) in the requirements.
package tools

import _ "go.etcd.io/etcd/server/v3/etcdmain"
