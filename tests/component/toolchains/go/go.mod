module calc

go 1.24
