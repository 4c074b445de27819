//go:build tools

// Keeps the programs setup.sh builds (kube-apiserver, kubectl, kube-controller-manager) in this module's requirements for go mod tidy.
package tools

import (
	_ "k8s.io/kubectl/pkg/cmd"
	_ "k8s.io/kubernetes/cmd/kube-apiserver/app"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager/app"
)
