/**
 * {@code @WithContext} and {@code Style}: what a lock backend declares for ctxlock's processor. Its
 * annotations have CLASS retention, so nothing here is needed at run time.
 */
module dev.ctxlock.annotations {
  exports dev.ctxlock.annotations;
}
