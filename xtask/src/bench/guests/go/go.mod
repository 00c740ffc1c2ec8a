module example.com/benchguest

go 1.24
