// Command faultproxy stands between a Kubernetes client and a real kube-apiserver and
// makes the API server unreliable the way a busy production one is: it answers a share
// of requests with 429 Too Many Requests or 500 Internal Server Error without passing
// them on, loses the answer of a share of creates it did pass on (the object exists,
// the client sees a 500), and cuts every watch after a random few seconds.
//
// It listens on plain HTTP on 127.0.0.1 and reaches the API server with the given
// client certificate, so the client's kubeconfig needs only the proxy's address.
// GET /faultproxy/counts answers what it injected so far, as JSON.
//
// Only the standard library: go build needs no module download.
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math/rand"
	"net"
	"net/http"
	"net/http/httputil"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"
)

type counts struct {
	mu                  sync.Mutex
	Requests            int `json:"requests"`
	TooManyRequests     int `json:"tooManyRequests"`
	InternalErrors      int `json:"internalErrors"`
	LostCreateResponses int `json:"lostCreateResponses"`
	Watches             int `json:"watches"`
	WatchDrops          int `json:"watchDrops"`
}

func (c *counts) add(field *int) {
	c.mu.Lock()
	*field++
	c.mu.Unlock()
}

func main() {
	upstream := flag.String("upstream", "", "the API server's URL, https://host:port")
	ca := flag.String("ca", "", "PEM file of the API server's certificate authority")
	cert := flag.String("cert", "", "PEM file of the client certificate")
	key := flag.String("key", "", "PEM file of the client key")
	addressFile := flag.String("address-file", "", "file to write the proxy's URL to once it listens")
	errorRate := flag.Float64("error-rate", 0.05, "share of requests (watches excepted) answered 429 or 500, half each")
	lostCreateRate := flag.Float64("lost-create-rate", 0.05, "share of creates passed on whose answer is replaced by a 500")
	watchMax := flag.Duration("watch-max", 20*time.Second, "longest a watch lives before it is cut")
	seed := flag.Int64("seed", time.Now().UnixNano(), "seed of the random choices")
	flag.Parse()
	if *upstream == "" || *ca == "" || *cert == "" || *key == "" || *addressFile == "" {
		log.Fatal("faultproxy: -upstream, -ca, -cert, -key and -address-file are required")
	}
	target, err := url.Parse(*upstream)
	if err != nil {
		log.Fatalf("faultproxy: bad -upstream %q: %v", *upstream, err)
	}
	transport, err := clientTransport(*ca, *cert, *key)
	if err != nil {
		log.Fatalf("faultproxy: %v", err)
	}
	random := rand.New(rand.NewSource(*seed))
	var randomLock sync.Mutex
	chance := func() float64 {
		randomLock.Lock()
		defer randomLock.Unlock()
		return random.Float64()
	}
	injected := &counts{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	proxy.Transport = transport
	proxy.FlushInterval = -1
	proxy.ModifyResponse = func(response *http.Response) error {
		if response.Request.Method == http.MethodPost && response.StatusCode == http.StatusCreated &&
			chance() < *lostCreateRate {
			injected.add(&injected.LostCreateResponses)
			log.Printf("lost the answer of POST %s (created)", response.Request.URL.Path)
			response.Body.Close()
			return fmt.Errorf("answer lost on purpose")
		}
		return nil
	}
	proxy.ErrorHandler = func(writer http.ResponseWriter, request *http.Request, err error) {
		status(writer, http.StatusInternalServerError, "InternalError", "faultproxy: "+err.Error())
	}

	handler := http.HandlerFunc(func(writer http.ResponseWriter, request *http.Request) {
		if request.URL.Path == "/faultproxy/counts" {
			injected.mu.Lock()
			defer injected.mu.Unlock()
			json.NewEncoder(writer).Encode(injected)
			return
		}
		injected.add(&injected.Requests)
		if isWatch(request) {
			injected.add(&injected.Watches)
			lifetime := time.Duration(float64(*watchMax) * (0.1 + 0.9*chance()))
			timer := time.AfterFunc(lifetime, func() {
				injected.add(&injected.WatchDrops)
				log.Printf("cut the watch %s after %s", request.URL.RequestURI(), lifetime.Round(time.Millisecond))
			})
			defer timer.Stop()
			// cancelling the request's context makes the reverse proxy close both sides,
			// of a plain watch as of one upgraded to a WebSocket
			ctx, cancel := context.WithTimeout(request.Context(), lifetime)
			defer cancel()
			proxy.ServeHTTP(writer, request.WithContext(ctx))
			return
		}
		if draw := chance(); draw < *errorRate/2 {
			injected.add(&injected.TooManyRequests)
			log.Printf("429 for %s %s", request.Method, request.URL.RequestURI())
			writer.Header().Set("Retry-After", "1")
			status(writer, http.StatusTooManyRequests, "TooManyRequests", "faultproxy: too many requests, please try again later")
			return
		} else if draw < *errorRate {
			injected.add(&injected.InternalErrors)
			log.Printf("500 for %s %s", request.Method, request.URL.RequestURI())
			status(writer, http.StatusInternalServerError, "InternalError", "faultproxy: an error on the server")
			return
		}
		proxy.ServeHTTP(writer, request)
	})

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatalf("faultproxy: %v", err)
	}
	address := "http://" + listener.Addr().String()
	if err := os.WriteFile(*addressFile, []byte(address+"\n"), 0o644); err != nil {
		log.Fatalf("faultproxy: %v", err)
	}
	log.Printf("proxying %s to %s (seed %d)", address, *upstream, *seed)
	log.Fatal(http.Serve(listener, handler))
}

func isWatch(request *http.Request) bool {
	return request.URL.Query().Get("watch") == "true" || request.URL.Query().Get("watch") == "1" ||
		strings.EqualFold(request.Header.Get("Upgrade"), "websocket")
}

func status(writer http.ResponseWriter, code int, reason string, message string) {
	writer.Header().Set("Content-Type", "application/json")
	writer.WriteHeader(code)
	json.NewEncoder(writer).Encode(map[string]any{
		"kind": "Status", "apiVersion": "v1", "status": "Failure",
		"message": message, "reason": reason, "code": code,
	})
}

func clientTransport(caFile, certFile, keyFile string) (*http.Transport, error) {
	caPem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, err
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPem) {
		return nil, fmt.Errorf("no certificate in %s", caFile)
	}
	pair, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	transport.TLSClientConfig = &tls.Config{RootCAs: pool, Certificates: []tls.Certificate{pair}}
	transport.MaxIdleConnsPerHost = 64
	return transport, nil
}
