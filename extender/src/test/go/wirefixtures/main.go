// Command wirefixtures writes the extender wire fixtures (extender/src/test/resources/wire/*.json):
// json.Marshal output of the upstream k8s.io/kube-scheduler/extender/v1 structs, so the Java
// records are tested against what kube-scheduler really sends and reads.
//
//	cd extender/src/test/go/wirefixtures && GOFLAGS=-mod=mod go run . ../../resources/wire
package main

import (
	"encoding/json"
	"fmt"
	"os"

	v1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	ext "k8s.io/kube-scheduler/extender/v1"
)

func out(name string, v interface{}) {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		panic(err)
	}
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	if err := os.WriteFile(dir+"/"+name+".json", append(b, '\n'), 0o644); err != nil {
		panic(err)
	}
	fmt.Println(name)
}

func main() {
	pod := &v1.Pod{
		ObjectMeta: metav1.ObjectMeta{Name: "db-0", Namespace: "shop", UID: "6f1c2a9e-0000-4000-8000-000000000001",
			Annotations: map[string]string{"stickyip.io/reserved-ip": "192.0.2.10", "stickyip.io/reserved-pool": "db-eu"}},
		Spec: v1.PodSpec{Containers: []v1.Container{{Name: "db", Image: "registry.example/db:1",
			Resources: v1.ResourceRequirements{
				Requests: v1.ResourceList{"stickyip.io/ip": resource.MustParse("1")},
				Limits:   v1.ResourceList{"stickyip.io/ip": resource.MustParse("1")}}}}},
	}
	names := []string{"w1", "w2", "w3"}
	out("extender-args-node-names", ext.ExtenderArgs{Pod: pod, NodeNames: &names})
	nodes := &v1.NodeList{Items: []v1.Node{{ObjectMeta: metav1.ObjectMeta{Name: "w1", Labels: map[string]string{"topology.kubernetes.io/zone": "a"}}}}}
	out("extender-args-nodes", ext.ExtenderArgs{Pod: pod, Nodes: nodes})
	passed := []string{"w1"}
	out("extender-filter-result", ext.ExtenderFilterResult{NodeNames: &passed,
		FailedNodes:                ext.FailedNodesMap{"w2": "stickyip: node w2 has no room for 1 more address (0 free)"},
		FailedAndUnresolvableNodes: ext.FailedNodesMap{"w3": "stickyip: node w3 is in zone b, pool db-eu allows zone a"}})
	out("extender-filter-result-error", ext.ExtenderFilterResult{Error: "stickyip: pool db-eu of pod shop/db-0 is not known"})
	out("host-priority-list", ext.HostPriorityList{{Host: "w1", Score: 10}, {Host: "w2", Score: 5}, {Host: "w3", Score: 0}})
	out("extender-binding-args", ext.ExtenderBindingArgs{PodName: "db-0", PodNamespace: "shop", PodUID: "6f1c2a9e-0000-4000-8000-000000000001", Node: "w1"})
	out("extender-binding-result", ext.ExtenderBindingResult{Error: "node w1 is gone"})
	out("extender-preemption-args", ext.ExtenderPreemptionArgs{Pod: pod,
		NodeNameToMetaVictims: map[string]*ext.MetaVictims{"w1": {Pods: []*ext.MetaPod{{UID: "6f1c2a9e-0000-4000-8000-000000000002"}}, NumPDBViolations: 1}}})
	out("extender-preemption-result", ext.ExtenderPreemptionResult{
		NodeNameToMetaVictims: map[string]*ext.MetaVictims{"w1": {Pods: []*ext.MetaPod{{UID: "6f1c2a9e-0000-4000-8000-000000000002"}}, NumPDBViolations: 0}}})
}
