module example.com/namer

go 1.24
