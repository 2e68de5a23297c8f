// The match service's multi-process tests land with the service (H4).
