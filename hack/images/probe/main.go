// Command probe is the test image's client for what a pod expects of its cluster: names
// through cluster DNS and the API server through the `kubernetes` Service. It prints what it
// got on stdout and exits 1 with the reason on stderr when it got nothing.
//
//	probe lookup NAME   the addresses NAME resolves to, one per line (the pod's
//	                    /etc/resolv.conf: its nameserver, search list and ndots)
//	probe api URL       GET URL with the pod's service account token, verified against the
//	                    service account's CA; prints the status code, then the body
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

const serviceAccountDir = "/var/run/secrets/kubernetes.io/serviceaccount"

func main() {
	if len(os.Args) != 3 {
		fail("usage: probe lookup NAME | probe api URL")
	}
	var err error
	switch os.Args[1] {
	case "lookup":
		err = lookup(os.Args[2])
	case "api":
		err = api(os.Args[2])
	default:
		err = fmt.Errorf("unknown command %q (want lookup or api)", os.Args[1])
	}
	if err != nil {
		fail(err.Error())
	}
}

func lookup(name string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	addrs, err := net.DefaultResolver.LookupHost(ctx, name)
	if err != nil {
		return fmt.Errorf("lookup %s: %w", name, err)
	}
	fmt.Println(strings.Join(addrs, "\n"))
	return nil
}

func api(url string) error {
	token, err := os.ReadFile(serviceAccountDir + "/token")
	if err != nil {
		return fmt.Errorf("service account token: %w", err)
	}
	caPEM, err := os.ReadFile(serviceAccountDir + "/ca.crt")
	if err != nil {
		return fmt.Errorf("service account CA: %w", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		return fmt.Errorf("no certificate in %s/ca.crt", serviceAccountDir)
	}
	client := &http.Client{
		Timeout:   5 * time.Second,
		Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
	}
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+strings.TrimSpace(string(token)))
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("GET %s: reading the body: %w", url, err)
	}
	fmt.Printf("%d\n%s\n", resp.StatusCode, body)
	return nil
}

func fail(msg string) {
	fmt.Fprintf(os.Stderr, "probe: %s\n", msg)
	os.Exit(1)
}
