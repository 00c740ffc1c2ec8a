//! The async support every Rust bindings file of a world that uses async
//! functions, streams, futures or error-context carries (no runtime crate):
//! the module `async_support` (a single-threaded executor driven by the
//! component model's callback ABI, `block_on`, `spawn`, `yield_async`,
//! subtasks of async imports, streams, futures, error-context) and the
//! modules `wit_stream` and `wit_future` that make new ones.
//!
//! The executor: every async export call is a task holding its futures (the
//! call's own and those it `spawn`s) and one waitable set. A future that
//! waits for a waitable (a subtask, a stream or future end) joins it to the
//! task's set and keeps a slot the event's code is written to; the task is
//! polled until nothing is woken, then the callback returns `EXIT` (all
//! futures done), `YIELD` (one asked to yield) or `WAIT` on the set. The
//! task lives in `context-set-0` between callbacks. `block_on` drives a
//! future the same way with `waitable-set.wait`.

/// The module text, at the root of the generated file.
pub const ASYNC_SUPPORT: &str = r#"/// The async runtime of these bindings: an executor for the component
/// model's callback ABI, streams, futures and error-context.
pub mod async_support {
    use std::boxed::Box;
    use std::cell::{Cell, RefCell};
    use std::collections::BTreeMap;
    use std::future::Future;
    use std::pin::Pin;
    use std::rc::{Rc, Weak};
    use std::string::String;
    use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};
    use std::vec::Vec;

    #[link(wasm_import_module = "$root")]
    unsafe extern "C" {
        #[link_name = "[waitable-set-new]"]
        fn waitable_set_new() -> u32;
        #[link_name = "[waitable-set-wait]"]
        fn waitable_set_wait(set: u32, out: *mut u32) -> u32;
        #[link_name = "[waitable-set-drop]"]
        fn waitable_set_drop(set: u32);
        #[link_name = "[waitable-join]"]
        fn waitable_join(waitable: u32, set: u32);
        #[link_name = "[subtask-drop]"]
        fn subtask_drop(subtask: u32);
        #[link_name = "[context-get-0]"]
        fn context_get() -> u32;
        #[link_name = "[context-set-0]"]
        fn context_set(value: u32);
        #[link_name = "[thread-yield]"]
        fn thread_yield() -> u32;
        #[link_name = "[backpressure-inc]"]
        fn backpressure_inc_();
        #[link_name = "[backpressure-dec]"]
        fn backpressure_dec_();
        #[link_name = "[error-context-new-utf8]"]
        fn error_context_new(ptr: *const u8, len: usize) -> u32;
        #[link_name = "[error-context-debug-message-utf8]"]
        fn error_context_debug_message(handle: u32, out: *mut usize);
        #[link_name = "[error-context-drop]"]
        fn error_context_drop(handle: u32);
    }

    const EVENT_NONE: u32 = 0;
    const EVENT_TASK_CANCELLED: u32 = 6;
    const CALLBACK_EXIT: i32 = 0;
    const CALLBACK_YIELD: i32 = 1;
    const CALLBACK_WAIT: i32 = 2;
    const SUBTASK_RETURNED: u32 = 2;
    const BLOCKED: u32 = 0xffff_ffff;
    const COPY_DROPPED: u32 = 1;
    const COPY_CANCELLED: u32 = 2;

    /// One export call (or one `block_on`): its futures and its waitable set.
    struct Task {
        set: Cell<u32>,
        futures: RefCell<Vec<Pin<Box<dyn Future<Output = ()>>>>>,
        /// The waitables its futures wait for, each with the slot its
        /// event's code goes to.
        waiting: RefCell<BTreeMap<u32, Rc<Cell<Option<u32>>>>>,
        woken: Cell<bool>,
        yielding: Cell<bool>,
    }

    impl Task {
        fn new() -> Task {
            Task {
                set: Cell::new(0),
                futures: RefCell::new(Vec::new()),
                waiting: RefCell::new(BTreeMap::new()),
                woken: Cell::new(false),
                yielding: Cell::new(false),
            }
        }

        fn set(&self) -> u32 {
            if self.set.get() == 0 {
                self.set.set(unsafe { waitable_set_new() });
            }
            self.set.get()
        }

        fn deliver(&self, event: u32, waitable: u32, code: u32) {
            match event {
                EVENT_NONE => {}
                EVENT_TASK_CANCELLED => panic!("this async export does not support being cancelled"),
                _ => {
                    if let Some(slot) = self.waiting.borrow().get(&waitable) {
                        slot.set(Some(code));
                        self.woken.set(true);
                    }
                }
            }
        }

        /// Polls every stored future once (and those spawned meanwhile).
        fn poll_stored(&self, cx: &mut Context<'_>) {
            let mut futures = std::mem::take(&mut *self.futures.borrow_mut());
            futures.retain_mut(|f| f.as_mut().poll(cx).is_pending());
            let mut stored = self.futures.borrow_mut();
            if !stored.is_empty() {
                self.woken.set(true);
            }
            futures.append(&mut stored);
            *stored = futures;
        }

        fn finish(&self) {
            if self.set.get() != 0 {
                unsafe { waitable_set_drop(self.set.replace(0)) };
            }
        }
    }

    std::thread_local! {
        static CURRENT: Cell<*const Task> = const { Cell::new(std::ptr::null()) };
    }

    /// Makes `task` the current one until dropped.
    struct Enter(*const Task);

    impl Enter {
        fn new(task: &Rc<Task>) -> Enter {
            Enter(CURRENT.with(|c| c.replace(Rc::as_ptr(task))))
        }
    }

    impl Drop for Enter {
        fn drop(&mut self) {
            CURRENT.with(|c| c.set(self.0));
        }
    }

    fn with_current<R>(what: &str, f: impl FnOnce(&Task) -> R) -> R {
        let task = CURRENT.with(|c| c.get());
        if task.is_null() {
            panic!("{what} needs a task: call it inside an async export or `block_on`");
        }
        f(unsafe { &*task })
    }

    fn current_weak() -> Weak<Task> {
        let task = CURRENT.with(|c| c.get());
        unsafe {
            Rc::increment_strong_count(task);
            Rc::downgrade(&Rc::from_raw(task))
        }
    }

    static WAKER: RawWakerVTable = RawWakerVTable::new(waker_clone, waker_wake, waker_wake_by_ref, waker_drop);

    unsafe fn waker_clone(data: *const ()) -> RawWaker {
        unsafe { Rc::increment_strong_count(data.cast::<Task>()) };
        RawWaker::new(data, &WAKER)
    }

    unsafe fn waker_wake(data: *const ()) {
        unsafe {
            waker_wake_by_ref(data);
            waker_drop(data);
        }
    }

    unsafe fn waker_wake_by_ref(data: *const ()) {
        unsafe { (*data.cast::<Task>()).woken.set(true) };
    }

    unsafe fn waker_drop(data: *const ()) {
        unsafe { drop(Rc::from_raw(data.cast::<Task>())) };
    }

    fn waker(task: &Rc<Task>) -> Waker {
        let data = Rc::into_raw(task.clone()).cast::<()>();
        unsafe { Waker::from_raw(RawWaker::new(data, &WAKER)) }
    }

    /// Polls `task` until nothing is woken; the callback code to return.
    fn drive(task: &Rc<Task>) -> i32 {
        let waker = waker(task);
        let mut cx = Context::from_waker(&waker);
        let _enter = Enter::new(task);
        loop {
            task.woken.set(false);
            task.poll_stored(&mut cx);
            if !task.woken.get() {
                break;
            }
        }
        if task.futures.borrow().is_empty() {
            task.finish();
            return CALLBACK_EXIT;
        }
        if task.yielding.replace(false) {
            return CALLBACK_YIELD;
        }
        CALLBACK_WAIT | (task.set() << 4) as i32
    }

    /// Starts an async export's task with `future` (the call, ending in
    /// `task.return`); the callback code.
    #[doc(hidden)]
    pub unsafe fn start_task(future: Pin<Box<dyn Future<Output = ()>>>) -> i32 {
        let task = Rc::new(Task::new());
        task.futures.borrow_mut().push(future);
        let code = drive(&task);
        if code != CALLBACK_EXIT {
            unsafe { context_set(Rc::into_raw(task) as u32) };
        }
        code
    }

    /// An async export's callback: delivers the event and polls the task.
    #[doc(hidden)]
    pub unsafe fn callback(event: i32, waitable: i32, code: i32) -> i32 {
        let task = unsafe { Rc::from_raw(context_get() as usize as *const Task) };
        task.deliver(event as u32, waitable as u32, code as u32);
        let code = drive(&task);
        if code == CALLBACK_EXIT {
            unsafe { context_set(0) };
        } else {
            let _ = Rc::into_raw(task);
        }
        code
    }

    /// Runs `future` to completion, waiting for events with
    /// `waitable-set.wait` (with the futures it spawns: it returns once they
    /// are done too). Blocking is only allowed in an async export's task
    /// (wasmtime traps in a sync export's that must wait).
    pub fn block_on<F: Future>(future: F) -> F::Output {
        let task = Rc::new(Task::new());
        let waker = waker(&task);
        let mut cx = Context::from_waker(&waker);
        let _enter = Enter::new(&task);
        let mut future = std::pin::pin!(future);
        let mut output = None;
        loop {
            task.woken.set(false);
            if output.is_none() {
                if let Poll::Ready(v) = future.as_mut().poll(&mut cx) {
                    output = Some(v);
                }
            }
            task.poll_stored(&mut cx);
            if task.futures.borrow().is_empty() {
                if let Some(v) = output.take() {
                    task.finish();
                    return v;
                }
            }
            if task.woken.get() {
                continue;
            }
            if task.yielding.replace(false) {
                unsafe { thread_yield() };
                continue;
            }
            if task.waiting.borrow().is_empty() {
                panic!("block_on: the future waits for nothing that can wake it (deadlock)");
            }
            let mut out = [0u32; 2];
            let event = unsafe { waitable_set_wait(task.set(), out.as_mut_ptr()) };
            task.deliver(event, out[0], out[1]);
        }
    }

    /// Runs `future` in the background of the current task (an async
    /// export's call, which ends once every spawned future is done, or
    /// `block_on`).
    pub fn spawn(future: impl Future<Output = ()> + 'static) {
        with_current("spawn", |task| task.futures.borrow_mut().push(Box::pin(future)));
    }

    /// Lets other tasks (and other components) run, then resumes.
    pub async fn yield_async() {
        struct Yield(bool);
        impl Future for Yield {
            type Output = ();
            fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
                if self.0 {
                    return Poll::Ready(());
                }
                self.0 = true;
                with_current("yield_async", |task| task.yielding.set(true));
                Poll::Pending
            }
        }
        Yield(false).await
    }

    /// Yields to other components from synchronous code (`thread.yield`).
    pub fn yield_blocking() {
        unsafe { thread_yield() };
    }

    /// Holds new calls of this component's async exports back until as many
    /// `backpressure_dec` calls (`backpressure.inc`).
    pub fn backpressure_inc() {
        unsafe { backpressure_inc_() }
    }

    /// Undoes one `backpressure_inc` (`backpressure.dec`).
    pub fn backpressure_dec() {
        unsafe { backpressure_dec_() }
    }

    /// A registration of `handle` in the current task's waitable set.
    struct Registered {
        task: Weak<Task>,
        slot: Rc<Cell<Option<u32>>>,
    }

    fn register(handle: u32) -> Registered {
        let slot = Rc::new(Cell::new(None));
        with_current("waiting for an async operation", |task| {
            unsafe { waitable_join(handle, task.set()) };
            task.waiting.borrow_mut().insert(handle, slot.clone());
        });
        Registered { task: current_weak(), slot }
    }

    fn unregister(handle: u32, reg: Registered) {
        unsafe { waitable_join(handle, 0) };
        if let Some(task) = reg.task.upgrade() {
            task.waiting.borrow_mut().remove(&handle);
        }
    }

    /// The call of an `[async-lower]`ed import: completes when the callee
    /// returned (its results are then in the caller's return area).
    #[doc(hidden)]
    pub struct Subtask {
        handle: u32,
        state: u32,
        reg: Option<Registered>,
    }

    /// The subtask of an async import's status (state | handle << 4).
    #[doc(hidden)]
    pub fn subtask(status: i32) -> Subtask {
        let status = status as u32;
        Subtask { handle: status >> 4, state: status & 0xf, reg: None }
    }

    impl Future for Subtask {
        type Output = ();
        fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
            let this = &mut *self;
            if let Some(code) = this.reg.as_ref().and_then(|r| r.slot.take()) {
                this.state = code;
            }
            if this.state >= SUBTASK_RETURNED {
                if let Some(reg) = this.reg.take() {
                    unregister(this.handle, reg);
                }
                if this.handle != 0 {
                    unsafe { subtask_drop(this.handle) };
                    this.handle = 0;
                }
                return Poll::Ready(());
            }
            if this.reg.is_none() {
                this.reg = Some(register(this.handle));
            }
            Poll::Pending
        }
    }

    impl Drop for Subtask {
        fn drop(&mut self) {
            if self.handle != 0 && self.state < SUBTASK_RETURNED {
                // Its arguments and return area belong to the dropped call.
                panic!("the call of an async import was dropped before it returned (not supported)");
            }
        }
    }

    /// Memory for values being read or written.
    struct Buffer {
        ptr: *mut u8,
        size: usize,
        align: usize,
    }

    impl Buffer {
        fn new(size: usize, align: usize) -> Buffer {
            Buffer { ptr: unsafe { super::__weld_alloc(size, align) }, size, align }
        }

        fn at(&self, i: usize, size: usize) -> *mut u8 {
            unsafe { self.ptr.add(i * size) }
        }
    }

    impl Drop for Buffer {
        fn drop(&mut self) {
            unsafe { super::__weld_dealloc(self.ptr, self.size, self.align) }
        }
    }

    /// Waits for the copy on `handle` that returned `BLOCKED`; cancels it
    /// when dropped first.
    struct Copy {
        handle: u32,
        cancel: unsafe extern "C" fn(u32) -> u32,
        buffer: Option<Buffer>,
        reg: Option<Registered>,
    }

    impl Future for Copy {
        type Output = (u32, Buffer);
        fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<(u32, Buffer)> {
            let this = &mut *self;
            match &this.reg {
                None => {
                    this.reg = Some(register(this.handle));
                    Poll::Pending
                }
                Some(reg) => match reg.slot.take() {
                    None => Poll::Pending,
                    Some(code) => {
                        unregister(this.handle, this.reg.take().unwrap());
                        Poll::Ready((code, this.buffer.take().unwrap()))
                    }
                },
            }
        }
    }

    impl Drop for Copy {
        fn drop(&mut self) {
            let Some(buffer) = self.buffer.take() else { return };
            if let Some(reg) = self.reg.take() {
                unregister(self.handle, reg);
            }
            // What was copied before the cancel is lost with the buffer.
            let code = unsafe { (self.cancel)(self.handle) };
            if code == BLOCKED {
                // The copy still owns the memory.
                std::mem::forget(buffer);
            }
        }
    }

    async fn copy(handle: u32, code: u32, buffer: Buffer, cancel: unsafe extern "C" fn(u32) -> u32) -> (u32, Buffer) {
        if code != BLOCKED {
            return (code, buffer);
        }
        Copy { handle, cancel, buffer: Some(buffer), reg: None }.await
    }

    /// The result of a stream read or write.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum StreamResult {
        /// This many values were read or written.
        Complete(usize),
        /// Nothing was: the other end is dropped.
        Dropped,
        /// Nothing was: the operation was cancelled.
        Cancelled,
    }

    /// The copy result `code`: what became of it, and whether the other end
    /// is dropped.
    fn stream_result(code: u32) -> (StreamResult, bool) {
        let count = (code >> 4) as usize;
        let dropped = code & 0xf == COPY_DROPPED;
        let result = match code & 0xf {
            _ if count > 0 => StreamResult::Complete(count),
            COPY_DROPPED => StreamResult::Dropped,
            COPY_CANCELLED => StreamResult::Cancelled,
            _ => StreamResult::Complete(0),
        };
        (result, dropped)
    }

    /// The canonical ABI of one payload type and the core functions of its
    /// streams (generated per payload type).
    #[doc(hidden)]
    pub struct StreamVtable<T> {
        pub size: usize,
        pub align: usize,
        /// The payload is an integer: its Rust layout is its canonical
        /// layout, so values move in bulk (one copy, no lift or lower each).
        pub plain: bool,
        pub lift: unsafe fn(*mut u8) -> T,
        pub lower: unsafe fn(T, *mut u8),
        /// Frees what a lowered value holds once it was copied.
        pub free: unsafe fn(*mut u8),
        pub new: unsafe extern "C" fn() -> i64,
        pub read: unsafe extern "C" fn(u32, *mut u8, u32) -> u32,
        pub write: unsafe extern "C" fn(u32, *mut u8, u32) -> u32,
        pub cancel_read: unsafe extern "C" fn(u32) -> u32,
        pub cancel_write: unsafe extern "C" fn(u32) -> u32,
        pub drop_readable: unsafe extern "C" fn(u32),
        pub drop_writable: unsafe extern "C" fn(u32),
    }

    /// A payload type of streams (implemented by the bindings for each
    /// `stream<T>` of the world).
    pub trait StreamPayload: Sized + 'static {
        #[doc(hidden)]
        const VTABLE: &'static StreamVtable<Self>;
    }

    /// A new stream: its writable and readable ends.
    pub fn stream_new<T: StreamPayload>() -> (StreamWriter<T>, StreamReader<T>) {
        let pair = unsafe { (T::VTABLE.new)() } as u64;
        unsafe { (StreamWriter::from_handle((pair >> 32) as u32), StreamReader::from_handle(pair as u32)) }
    }

    /// The readable end of a `stream<T>`.
    pub struct StreamReader<T: StreamPayload> {
        handle: Cell<u32>,
        done: bool,
        _t: std::marker::PhantomData<T>,
    }

    impl<T: StreamPayload> StreamReader<T> {
        #[doc(hidden)]
        pub unsafe fn from_handle(handle: u32) -> Self {
            StreamReader { handle: Cell::new(handle), done: false, _t: std::marker::PhantomData }
        }

        /// The handle, given up (it is moved to the callee).
        #[doc(hidden)]
        pub fn take_handle(&self) -> u32 {
            self.handle.replace(u32::MAX)
        }

        pub fn handle(&self) -> u32 {
            self.handle.get()
        }

        /// Reads into `buf`'s spare capacity (at least one value is
        /// awaited, or the writer's end); `buf` back, with the values read.
        /// Dropping the returned future cancels the read.
        pub async fn read(&mut self, mut buf: Vec<T>) -> (StreamResult, Vec<T>) {
            if self.done {
                return (StreamResult::Dropped, buf);
            }
            let vt = T::VTABLE;
            // At most 4096 values at a time that must be lifted one by one,
            // and at most 2^28 - 1 integers (the component model's limit on
            // a count; a `Vec<()>` has room for usize::MAX).
            let most = if vt.plain { (1 << 28) - 1 } else { 4096 };
            let room = (buf.capacity() - buf.len()).min(most);
            let memory = Buffer::new(vt.size * room, vt.align);
            let code = unsafe { (vt.read)(self.handle(), memory.ptr, room as u32) };
            let (code, memory) = copy(self.handle(), code, memory, vt.cancel_read).await;
            let (result, dropped) = stream_result(code);
            self.done = dropped;
            if let StreamResult::Complete(n) = result {
                if vt.plain {
                    // Integers: the bytes are the values.
                    unsafe {
                        let at = buf.len();
                        std::ptr::copy_nonoverlapping(memory.ptr, buf.as_mut_ptr().add(at) as *mut u8, n * vt.size);
                        buf.set_len(at + n);
                    }
                } else {
                    for i in 0..n {
                        buf.push(unsafe { (vt.lift)(memory.at(i, vt.size)) });
                    }
                }
            }
            (result, buf)
        }

        /// The next value (None once the writer's end is dropped).
        pub async fn next(&mut self) -> Option<T> {
            loop {
                let (result, mut buf) = self.read(Vec::with_capacity(1)).await;
                match result {
                    StreamResult::Complete(0) | StreamResult::Cancelled => continue,
                    StreamResult::Complete(_) => return buf.pop(),
                    StreamResult::Dropped => return None,
                }
            }
        }

        /// Every value until the writer's end is dropped.
        pub async fn collect(mut self) -> Vec<T> {
            let mut all = Vec::new();
            loop {
                all.reserve(16);
                let (result, buf) = self.read(all).await;
                all = buf;
                if result == StreamResult::Dropped {
                    return all;
                }
            }
        }
    }

    impl<T: StreamPayload> Drop for StreamReader<T> {
        fn drop(&mut self) {
            if self.handle.get() != u32::MAX {
                unsafe { (T::VTABLE.drop_readable)(self.handle.get()) }
            }
        }
    }

    impl<T: StreamPayload> std::fmt::Debug for StreamReader<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("StreamReader").field("handle", &self.handle.get()).finish()
        }
    }

    /// The writable end of a `stream<T>`.
    pub struct StreamWriter<T: StreamPayload> {
        handle: Cell<u32>,
        done: bool,
        _t: std::marker::PhantomData<T>,
    }

    impl<T: StreamPayload> StreamWriter<T> {
        #[doc(hidden)]
        pub unsafe fn from_handle(handle: u32) -> Self {
            StreamWriter { handle: Cell::new(handle), done: false, _t: std::marker::PhantomData }
        }

        #[doc(hidden)]
        pub fn take_handle(&self) -> u32 {
            self.handle.replace(u32::MAX)
        }

        pub fn handle(&self) -> u32 {
            self.handle.get()
        }

        /// Writes some of `values` (one copy: as many as the reader takes);
        /// the values not written back. Dropping the returned future
        /// cancels the write (and loses its values).
        pub async fn write(&mut self, values: Vec<T>) -> (StreamResult, Vec<T>) {
            if self.done {
                return (StreamResult::Dropped, values);
            }
            let vt = T::VTABLE;
            let count = values.len();
            let memory = Buffer::new(vt.size * count, vt.align);
            if vt.plain {
                // Integers: copied as bytes (they own nothing to free).
                unsafe { std::ptr::copy_nonoverlapping(values.as_ptr() as *const u8, memory.ptr, count * vt.size) };
            } else {
                for (i, v) in values.into_iter().enumerate() {
                    unsafe { (vt.lower)(v, memory.at(i, vt.size)) };
                }
            }
            let code = unsafe { (vt.write)(self.handle(), memory.ptr, count as u32) };
            let (code, memory) = copy(self.handle(), code, memory, vt.cancel_write).await;
            let (result, dropped) = stream_result(code);
            self.done = dropped;
            let written = match result {
                StreamResult::Complete(n) => n,
                _ => 0,
            };
            if vt.plain {
                let mut rest: Vec<T> = Vec::with_capacity(count - written);
                unsafe {
                    let from = memory.at(written, vt.size);
                    std::ptr::copy_nonoverlapping(from, rest.as_mut_ptr() as *mut u8, (count - written) * vt.size);
                    rest.set_len(count - written);
                }
                return (result, rest);
            }
            for i in 0..written {
                unsafe { (vt.free)(memory.at(i, vt.size)) };
            }
            let rest = (written..count).map(|i| unsafe { (vt.lift)(memory.at(i, vt.size)) }).collect();
            (result, rest)
        }

        /// Writes all of `values`; those the reader did not take (it
        /// dropped its end) back.
        pub async fn write_all(&mut self, mut values: Vec<T>) -> Vec<T> {
            while !values.is_empty() {
                let (result, rest) = self.write(values).await;
                values = rest;
                if result == StreamResult::Dropped {
                    break;
                }
            }
            values
        }

        /// Writes one value; it is back when the reader dropped its end.
        pub async fn write_one(&mut self, value: T) -> Option<T> {
            self.write_all(std::vec![value]).await.pop()
        }
    }

    impl<T: StreamPayload> Drop for StreamWriter<T> {
        fn drop(&mut self) {
            if self.handle.get() != u32::MAX {
                unsafe { (T::VTABLE.drop_writable)(self.handle.get()) }
            }
        }
    }

    impl<T: StreamPayload> std::fmt::Debug for StreamWriter<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("StreamWriter").field("handle", &self.handle.get()).finish()
        }
    }

    /// The canonical ABI of one payload type and the core functions of its
    /// futures (generated per payload type).
    #[doc(hidden)]
    pub struct FutureVtable<T> {
        pub size: usize,
        pub align: usize,
        pub lift: unsafe fn(*mut u8) -> T,
        pub lower: unsafe fn(T, *mut u8),
        pub free: unsafe fn(*mut u8),
        pub new: unsafe extern "C" fn() -> i64,
        pub read: unsafe extern "C" fn(u32, *mut u8) -> u32,
        pub write: unsafe extern "C" fn(u32, *mut u8) -> u32,
        pub cancel_read: unsafe extern "C" fn(u32) -> u32,
        pub cancel_write: unsafe extern "C" fn(u32) -> u32,
        pub drop_readable: unsafe extern "C" fn(u32),
        pub drop_writable: unsafe extern "C" fn(u32),
    }

    /// A payload type of futures (implemented by the bindings for each
    /// `future<T>` of the world).
    pub trait FuturePayload: Sized + 'static {
        #[doc(hidden)]
        const VTABLE: &'static FutureVtable<Self>;
    }

    /// A new future: its writable and readable ends. A writer dropped
    /// without a value writes `default()` (the component model forbids
    /// dropping it empty).
    pub fn future_new<T: FuturePayload>(default: impl FnOnce() -> T + 'static) -> (FutureWriter<T>, FutureReader<T>) {
        let pair = unsafe { (T::VTABLE.new)() } as u64;
        unsafe {
            let mut writer = FutureWriter::from_handle((pair >> 32) as u32);
            writer.default = Some(Box::new(default));
            (writer, FutureReader::from_handle(pair as u32))
        }
    }

    /// The readable end of a `future<T>`: `.await` it (or `read`) for the
    /// value.
    pub struct FutureReader<T: FuturePayload> {
        handle: Cell<u32>,
        _t: std::marker::PhantomData<T>,
    }

    impl<T: FuturePayload> FutureReader<T> {
        #[doc(hidden)]
        pub unsafe fn from_handle(handle: u32) -> Self {
            FutureReader { handle: Cell::new(handle), _t: std::marker::PhantomData }
        }

        #[doc(hidden)]
        pub fn take_handle(&self) -> u32 {
            self.handle.replace(u32::MAX)
        }

        pub fn handle(&self) -> u32 {
            self.handle.get()
        }

        /// The value; None when the writer's end was dropped without one.
        /// Dropping the returned future cancels the read.
        pub async fn read(self) -> Option<T> {
            let vt = T::VTABLE;
            let memory = Buffer::new(vt.size, vt.align);
            let code = unsafe { (vt.read)(self.handle(), memory.ptr) };
            let (code, memory) = copy(self.handle(), code, memory, vt.cancel_read).await;
            match code & 0xf {
                0 => Some(unsafe { (vt.lift)(memory.ptr) }),
                _ => None,
            }
        }
    }

    impl<T: FuturePayload> std::future::IntoFuture for FutureReader<T> {
        type Output = T;
        type IntoFuture = Pin<Box<dyn Future<Output = T>>>;
        fn into_future(self) -> Self::IntoFuture {
            Box::pin(async move { self.read().await.expect("the future's writer was dropped without a value") })
        }
    }

    impl<T: FuturePayload> Drop for FutureReader<T> {
        fn drop(&mut self) {
            if self.handle.get() != u32::MAX {
                unsafe { (T::VTABLE.drop_readable)(self.handle.get()) }
            }
        }
    }

    impl<T: FuturePayload> std::fmt::Debug for FutureReader<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("FutureReader").field("handle", &self.handle.get()).finish()
        }
    }

    /// The writable end of a `future<T>`.
    pub struct FutureWriter<T: FuturePayload> {
        handle: Cell<u32>,
        default: Option<Box<dyn FnOnce() -> T>>,
    }

    impl<T: FuturePayload> FutureWriter<T> {
        #[doc(hidden)]
        pub unsafe fn from_handle(handle: u32) -> Self {
            FutureWriter { handle: Cell::new(handle), default: None }
        }

        #[doc(hidden)]
        pub fn take_handle(&self) -> u32 {
            self.handle.replace(u32::MAX)
        }

        pub fn handle(&self) -> u32 {
            self.handle.get()
        }

        /// Writes the value; it is back when the reader dropped its end.
        /// Dropping the returned future cancels the write.
        pub async fn write(mut self, value: T) -> Result<(), T> {
            self.default = None;
            let vt = T::VTABLE;
            let memory = Buffer::new(vt.size, vt.align);
            unsafe { (vt.lower)(value, memory.ptr) };
            let code = unsafe { (vt.write)(self.handle(), memory.ptr) };
            let (code, memory) = copy(self.handle(), code, memory, vt.cancel_write).await;
            if code & 0xf == 0 {
                unsafe { (vt.free)(memory.ptr) };
                Ok(())
            } else {
                Err(unsafe { (vt.lift)(memory.ptr) })
            }
        }
    }

    impl<T: FuturePayload> Drop for FutureWriter<T> {
        fn drop(&mut self) {
            let handle = self.handle.get();
            if handle == u32::MAX {
                return;
            }
            match self.default.take() {
                // Never written: the default value is written in the
                // background of the current task.
                Some(default) => {
                    let writer = FutureWriter::<T> { handle: Cell::new(handle), default: None };
                    spawn(async move {
                        let _ = writer.write(default()).await;
                    });
                }
                None => unsafe { (T::VTABLE.drop_writable)(handle) },
            }
        }
    }

    impl<T: FuturePayload> std::fmt::Debug for FutureWriter<T> {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("FutureWriter").field("handle", &self.handle.get()).finish()
        }
    }

    /// An `error-context`: a message for debugging, passed between
    /// components.
    pub struct ErrorContext {
        handle: u32,
    }

    impl ErrorContext {
        /// A new error-context with `message` as its debug message.
        pub fn new(message: &str) -> ErrorContext {
            ErrorContext { handle: unsafe { error_context_new(message.as_ptr(), message.len()) } }
        }

        /// Its debug message (the host may change or omit it).
        pub fn debug_message(&self) -> String {
            let mut out = [0usize; 2];
            unsafe {
                error_context_debug_message(self.handle, out.as_mut_ptr());
                if out[1] == 0 {
                    return String::new();
                }
                String::from_raw_parts(out[0] as *mut u8, out[1], out[1])
            }
        }

        #[doc(hidden)]
        pub unsafe fn from_handle(handle: u32) -> ErrorContext {
            ErrorContext { handle }
        }

        pub fn handle(&self) -> u32 {
            self.handle
        }
    }

    impl Drop for ErrorContext {
        fn drop(&mut self) {
            unsafe { error_context_drop(self.handle) }
        }
    }

    impl std::fmt::Debug for ErrorContext {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.debug_struct("ErrorContext").field("handle", &self.handle).finish()
        }
    }
}

#[allow(unused_imports)]
pub use async_support::{
    ErrorContext, FutureReader, FutureWriter, StreamReader, StreamResult, StreamWriter, backpressure_dec,
    backpressure_inc, block_on, spawn, yield_async, yield_blocking,
};

/// New streams: `wit_stream::new::<T>()` for each `stream<T>` of the world.
pub mod wit_stream {
    pub use super::async_support::StreamPayload;

    /// A new `stream<T>`: its writable and readable ends.
    pub fn new<T: StreamPayload>() -> (super::StreamWriter<T>, super::StreamReader<T>) {
        super::async_support::stream_new::<T>()
    }
}

/// New futures: `wit_future::new::<T>(default)` for each `future<T>` of the
/// world.
pub mod wit_future {
    pub use super::async_support::FuturePayload;

    /// A new `future<T>`: its writable and readable ends; a writer dropped
    /// without a value writes `default()`.
    pub fn new<T: FuturePayload>(default: impl FnOnce() -> T + 'static) -> (super::FutureWriter<T>, super::FutureReader<T>) {
        super::async_support::future_new::<T>(default)
    }
}"#;
