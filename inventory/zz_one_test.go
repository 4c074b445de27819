package inventory

import "testing"

func TestZZOne(t *testing.T) {
	inv := New(Config{})
	obs := func(m, p, body string) { inv.Observe(ex(m, p, 200, "body:"+body)) }
	obs("GET", "/api/v1/namespaces/default/workflows", `{"executions":[{"execution":{"workflowId":"order-1001","runId":"r1"}},{"execution":{"workflowId":"order-1002","runId":"r2"}}]}`)
	for _, w := range []string{"order-1001", "order-1002"} {
		obs("GET", "/api/v1/namespaces/default/workflows/"+w, `{"workflowExecutionInfo":{}}`)
	}
	obs("POST", "/api/v1/namespaces/default/workflows/order-1001/query/__stack_trace", `{"queryResult":{}}`)
	obs("POST", "/api/v1/namespaces/default/workflows/order-1001/query/order-status", `{"queryResult":{}}`)
	obs("POST", "/api/v1/namespaces/default/workflows/order-1002/query/progress", `{"queryResult":{}}`)
	obs("POST", "/api/v1/namespaces/default/workflows/order-1002/query/__temporal_workflow_metadata", `{"queryResult":{}}`)
	for _, e := range inv.Endpoints() {
		t.Log(e.Method, e.Path)
	}
}
