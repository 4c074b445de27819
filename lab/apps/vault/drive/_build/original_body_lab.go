// Copyright (c) HashiCorp, Inc.
// SPDX-License-Identifier: MPL-2.0

package logical

// Lab build (shadowtap lab, setup.sh): this directory is github.com/hashicorp/vault/sdk v0.10.2 from the Go module
// proxy standing in for the module's in-tree ./sdk (not in the module zip). Vault v1.14.8's in-tree sdk also has
// these two helpers (backported to the 1.14 branch; in the proxy's sdk from v0.11.0, logical/request.go), copied
// here unchanged.

import (
	"context"
	"io"
)

type ctxKeyOriginalBody struct{}

func ContextOriginalBodyValue(ctx context.Context) (io.ReadCloser, bool) {
	value, ok := ctx.Value(ctxKeyOriginalBody{}).(io.ReadCloser)
	return value, ok
}

func CreateContextOriginalBody(parent context.Context, body io.ReadCloser) context.Context {
	return context.WithValue(parent, ctxKeyOriginalBody{}, body)
}
