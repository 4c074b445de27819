package diff

import (
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/descriptorpb"
)

// gRPC specs. A protobuf descriptor set (protoc --descriptor_set_out,
// "buf build -o") documents gRPC services: each method is served as
// POST /package.Service/Method. It is turned into an OpenAPI document with
// one operation per method (operationId package.Service.Method, deprecated
// when the method or its service is, any status, the gRPC media types), so
// matching, shadow, unused, zombie and unauthenticated findings work on
// gRPC as on REST. A descriptor says nothing about credentials: the
// operations have undeclared security (unauthenticated answers are
// reported, low).

// grpcMediaTypes are the content types a gRPC call may carry.
var grpcMediaTypes = []string{"application/grpc", "application/grpc+proto", "application/grpc-web", "application/grpc-web+proto", "application/grpc-web-text"}

// isProtoset reports whether data is a serialized FileDescriptorSet: a
// file name ending so, or bytes that start with its first field (tag 1,
// length-delimited) and parse as one whose files are .proto files (a
// YAML document may start with a newline, 0x0a, too).
func isProtoset(file string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".protoset", ".pb", ".desc", ".binpb":
		return true
	}
	if len(data) < 2 || data[0] != 0x0a {
		return false
	}
	var set descriptorpb.FileDescriptorSet
	if proto.Unmarshal(data, &set) != nil || len(set.File) == 0 {
		return false
	}
	for _, f := range set.File {
		if !strings.HasSuffix(f.GetName(), ".proto") {
			return false
		}
	}
	return true
}

// protosetDoc turns a FileDescriptorSet into an OpenAPI document.
func protosetDoc(data []byte) (*openapi3.T, error) {
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("protobuf descriptor set: %w", err)
	}
	if len(set.File) == 0 {
		return nil, errors.New("protobuf descriptor set: no files")
	}
	doc := &openapi3.T{OpenAPI: "3.0.3", Info: &openapi3.Info{Title: "gRPC services", Version: "protoset"}, Paths: openapi3.NewPaths()}
	var names []string
	n := 0
	for _, f := range set.File {
		if f.GetName() == "" {
			return nil, errors.New("protobuf descriptor set: a file without a name")
		}
		names = append(names, f.GetName())
		for _, svc := range f.Service {
			full := svc.GetName()
			if p := f.GetPackage(); p != "" {
				full = p + "." + full
			}
			svcDeprecated := svc.GetOptions().GetDeprecated()
			for _, m := range svc.Method {
				if m.GetName() == "" {
					continue
				}
				path := "/" + full + "/" + m.GetName()
				op := &openapi3.Operation{
					OperationID: full + "." + m.GetName(),
					Summary:     streamKind(m),
					Deprecated:  svcDeprecated || m.GetOptions().GetDeprecated(),
					Responses:   openapi3.NewResponses(),
				}
				content := openapi3.Content{}
				for _, t := range grpcMediaTypes {
					content[t] = openapi3.NewMediaType()
				}
				op.RequestBody = &openapi3.RequestBodyRef{Value: openapi3.NewRequestBody().WithContent(content)}
				desc := "any gRPC status"
				op.Responses.Set("default", &openapi3.ResponseRef{Value: &openapi3.Response{Description: &desc, Content: content}})
				doc.Paths.Set(path, &openapi3.PathItem{Post: op})
				n++
			}
		}
	}
	if n == 0 {
		return nil, fmt.Errorf("protobuf descriptor set: no service methods in %d file(s)", len(set.File))
	}
	sort.Strings(names)
	doc.Info.Description = "from " + strings.Join(names, ", ")
	return doc, nil
}

func streamKind(m *descriptorpb.MethodDescriptorProto) string {
	switch {
	case m.GetClientStreaming() && m.GetServerStreaming():
		return "bidirectional streaming"
	case m.GetClientStreaming():
		return "client streaming"
	case m.GetServerStreaming():
		return "server streaming"
	}
	return "unary"
}
