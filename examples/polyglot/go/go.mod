module example.com/lettering

go 1.24
