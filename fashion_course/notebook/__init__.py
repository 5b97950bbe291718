"""Exercise notebooks: the lessons as Jupyter notebooks, checked from inside Jupyter.

build    the exercise notebooks, made from the site's lesson pages and the lesson stubs
cells    a cell as the Python Jupyter runs, through IPython's own input transformer
kernel   `check("softmax")` in a running notebook: grades the kernel's functions in the sandbox
view     a lesson's verdicts as the notebook shows them (an HTML table, or plain text)
yours    the student's functions at work in their kernel: `your_run(N)`, the lesson's runs of the
         original challenge over the reference's, and `%%yours`, a chapter's computation again

The grading itself is the grader's (`fashion_course.grader`), the same as `course check`'s; the
lesson file a notebook amounts to is `fashion_course.submission`'s.
"""
