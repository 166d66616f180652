// Command echo-server answers every TCP connection with one line naming the address it sees
// the peer at, its own address and its host name, then closes the connection. The test of "no
// SNAT between pods" reads the peer address from it. It logs each connection to stdout and
// exits 0 on SIGTERM or SIGINT (a pod's PID 1 that ignored SIGTERM would take the whole grace
// period to stop).
//
//	echo-server [PORT]     default 8080, or $PORT
package main

import (
	"fmt"
	"net"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	port := os.Getenv("PORT")
	if len(os.Args) > 1 {
		port = os.Args[1]
	}
	if port == "" {
		port = "8080"
	}
	ln, err := net.Listen("tcp", ":"+port)
	if err != nil {
		fmt.Fprintf(os.Stderr, "echo-server: %v\n", err)
		os.Exit(1)
	}
	host, _ := os.Hostname()
	fmt.Printf("echo-server: listening on %s (host %s)\n", ln.Addr(), host)
	go stopOnSignal()
	for {
		conn, err := ln.Accept()
		if err != nil {
			fmt.Fprintf(os.Stderr, "echo-server: accept: %v\n", err)
			continue
		}
		go answer(conn, host)
	}
}

func answer(conn net.Conn, host string) {
	defer conn.Close()
	fmt.Printf("connection from %s\n", conn.RemoteAddr())
	fmt.Fprintf(conn, "peer=%s local=%s host=%s\n", conn.RemoteAddr(), conn.LocalAddr(), host)
}

func stopOnSignal() {
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	s := <-signals
	fmt.Printf("echo-server: %v, exiting\n", s)
	os.Exit(0)
}
