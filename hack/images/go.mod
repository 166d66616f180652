// The small programs of the local real nodes' images (hack/build-tools node-images):
// pause (a pod sandbox's PID 1, and the holder of a real node's namespaces), echo-server
// (the test image's server) and probe (the test image's client). Standard library only.
module stickyip.local/hack/images

go 1.25
