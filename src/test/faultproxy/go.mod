module partita.io/faultproxy

go 1.22
