	.file	"hello.c"
# gnu_compat.s -- RV32E code as `riscv64-unknown-elf-gcc -march=rv32e -mabi=ilp32e -S`
# writes it (two compilation units pasted together: hello.c and puts.c).
# It must assemble unchanged; tests/test_asm_directives.py checks it.
	.option nopic
	.attribute arch, "rv32e2p0"
	.attribute unaligned_access, 0
	.attribute stack_align, 4
	.text
	.section	.rodata.str1.4,"aMS",@progbits,1
	.align	2
.LC0:
	.string	"hi"
	.text
	.align	2
	.globl	main
	.type	main, @function
main:
.LFB0:
	.cfi_startproc
	addi	sp,sp,-16
	.cfi_def_cfa_offset 16
	sw	ra,12(sp)
	sw	s0,8(sp)
	.cfi_offset 1, -4
	.cfi_offset 8, -8
	addi	s0,sp,16
	.cfi_def_cfa 8, 0
	lui	a5,%hi(.LC0)
	addi	a0,a5,%lo(.LC0)
	call	puts
	call	bump
	li	a5,0
	mv	a0,a5
	lw	ra,12(sp)
	.cfi_restore 1
	lw	s0,8(sp)
	.cfi_restore 8
	.cfi_def_cfa 2, 16
	addi	sp,sp,16
	.cfi_def_cfa_offset 0
	jr	ra
	.cfi_endproc
.LFE0:
	.size	main, .-main
	.align	2
	.globl	bump
	.type	bump, @function
bump:
	lui	a5,%hi(counter)
	lw	a5,%lo(counter)(a5)
	addi	a4,a5,1
	lui	a5,%hi(counter)
	sw	a4,%lo(counter)(a5)
	lui	a5,%hi(table+4)
	lw	a0,%lo(table+4)(a5)
	ble	a0,zero,.L4
	lla	a5,.L6
	slli	a0,a0,2
	add	a5,a5,a0
	lw	a5,0(a5)
	jr	a5
.L4:
	ret
	.size	bump, .-bump
	.section	.rodata
	.align	2
.L6:
	.word	.L4
	.word	.L4
	.globl	table
	.data
	.align	2
	.type	table, @object
	.size	table, 8
table:
	.word	1
	.word	-2
	.globl	counter
	.section	.sbss,"aw",@nobits
	.align	2
	.type	counter, @object
	.size	counter, 4
counter:
	.zero	4
	.ident	"GCC: (g2ee5e430018) 12.2.0"
	.section	.note.GNU-stack,"",@progbits

	.file	"puts.c"
	.option nopic
	.text
	.align	2
	.globl	puts
	.type	puts, @function
puts:
	mv	a5,a0
	j	.L9
.L10:
	addi	a5,a5,1
.L9:
	lbu	a4,0(a5)
	bne	a4,zero,.L10
	sub	a0,a5,a0
	tail	bump
	.size	puts, .-puts
	.ident	"GCC: (g2ee5e430018) 12.2.0"
	.section	.note.GNU-stack,"",@progbits
