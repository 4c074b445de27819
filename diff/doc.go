// Package diff loads OpenAPI 3.x and Swagger 2.0 documents, matches observed
// endpoints to documented operations with its own path-template trie, and
// produces findings (shadow, shadow_method, zombie, unauthenticated, unused,
// drift) and their exports. It imports inventory and the packages before it.
package diff
