;; Data for since-without-version.wat: package 1.0.0, gate 2.0.0.
(component
  (type (;0;)
    (component
      (type (;0;)
        (component
          (type (;0;) string)
          (import "name" (type (;1;) (eq 0)))
        )
      )
      (export (;0;) "fuzz:gates/x@1.0.0" (component (type 0)))
    )
  )
  (export (;1;) "x" (type 0))
  (@custom "package-docs" "\01{\22worlds\22:{\22x\22:{\22types\22:{\22name\22:{\22stability\22:{\22stable\22:{\22since\22:\222.0.0\22}}}}}}}")
)
