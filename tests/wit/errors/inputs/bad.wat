(component
  (type (func (param "x" u32))
  (this is not wat
)
